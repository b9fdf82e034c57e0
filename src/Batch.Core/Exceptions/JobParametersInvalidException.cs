namespace Batch.Exceptions;

/// <summary>The job parameters were rejected by the job's validator.</summary>
public class JobParametersInvalidException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public JobParametersInvalidException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public JobParametersInvalidException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
