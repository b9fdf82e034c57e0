namespace Batch.Exceptions;

/// <summary>The job instance already has a live execution; only one may run at a time.</summary>
public class JobExecutionAlreadyRunningException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public JobExecutionAlreadyRunningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public JobExecutionAlreadyRunningException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
