namespace Batch.Exceptions;

/// <summary>A flow could not go on: a decision returned an outcome no transition handles, or a flow refers to a state it does not have.</summary>
public class FlowExecutionException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public FlowExecutionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public FlowExecutionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
