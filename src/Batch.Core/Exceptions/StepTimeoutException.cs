namespace Batch.Exceptions;

/// <summary>
/// A step ran longer than its timeout, or its reader took longer than its read timeout to produce an
/// item. The step fails (restartable from its last committed chunk). It is never retried or skipped.
/// </summary>
public class StepTimeoutException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which timeout expired.</param>
    public StepTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">Which timeout expired.</param>
    /// <param name="innerException">The cause.</param>
    public StepTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
