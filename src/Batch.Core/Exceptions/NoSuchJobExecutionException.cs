namespace Batch.Exceptions;

/// <summary>No job execution with the given id exists in the job repository.</summary>
public class NoSuchJobExecutionException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public NoSuchJobExecutionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public NoSuchJobExecutionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
