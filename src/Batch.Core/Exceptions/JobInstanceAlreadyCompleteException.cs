namespace Batch.Exceptions;

/// <summary>The job instance has already completed; launch it with other identifying parameters.</summary>
public class JobInstanceAlreadyCompleteException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public JobInstanceAlreadyCompleteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public JobInstanceAlreadyCompleteException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
