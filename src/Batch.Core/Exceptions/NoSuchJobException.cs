namespace Batch.Exceptions;

/// <summary>No job with the given name is registered.</summary>
public class NoSuchJobException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public NoSuchJobException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public NoSuchJobException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
