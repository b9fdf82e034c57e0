namespace Batch.Exceptions;

/// <summary>
/// A fault-tolerant step met more skippable failures than its skip limit allows. The step fails;
/// <see cref="Exception.InnerException"/> is the failure that went over the limit.
/// </summary>
public class SkipLimitExceededException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public SkipLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the failure that went over the limit.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The last failure.</param>
    public SkipLimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
