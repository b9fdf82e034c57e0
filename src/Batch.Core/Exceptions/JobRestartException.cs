namespace Batch.Exceptions;

/// <summary>The job execution cannot be restarted (the job is not restartable, or the execution cannot be restarted in its state).</summary>
public class JobRestartException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public JobRestartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public JobRestartException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
