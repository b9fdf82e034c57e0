namespace Batch.Exceptions;

/// <summary>The base of the exceptions Batch throws for errors a user or operator can act on.</summary>
public class BatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public BatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public BatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
