namespace Batch.Exceptions;

/// <summary>An execution was updated by someone else since it was read (its VERSION changed): the stale copy was not saved.</summary>
public class OptimisticLockingFailureException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public OptimisticLockingFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public OptimisticLockingFailureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
