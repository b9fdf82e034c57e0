namespace Batch.Exceptions;

/// <summary>The operation needs a running job execution, and the execution is not running.</summary>
public class JobExecutionNotRunningException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public JobExecutionNotRunningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public JobExecutionNotRunningException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
