namespace Batch.Exceptions;

/// <summary>
/// A reader or writer could not open, position, save or close its resource: a missing file, an input shorter than
/// the restart position, an unreachable server. Not skippable by default: it fails the step, which can be restarted
/// once the cause is fixed. The message names the resource and says what to do.
/// </summary>
public class ItemStreamException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    public ItemStreamException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public ItemStreamException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
