namespace Batch.Exceptions;

/// <summary>A step has been started as many times as its start limit allows.</summary>
public class StartLimitExceededException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public StartLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public StartLimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
