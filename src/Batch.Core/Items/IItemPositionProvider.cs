namespace Batch.Items;

/// <summary>
/// Implemented by a reader that can say where it is in its input, so a record that fails to read is
/// logged and reported to skip listeners with its position (a line number, a key). In a fault-tolerant step, an item the
/// processor fails on and that is skipped is logged with the position too (the step asks for it only when it skips an item,
/// right after the read, before the next one).
/// </summary>
/// <remarks>
/// Update the position before parsing a record, so that when parsing throws the position names the
/// record that failed. A reader can also throw <see cref="MalformedItemException"/>, whose position wins.
/// </remarks>
public interface IItemPositionProvider
{
    /// <summary>The position of the record read last or being read (for example <c>line 17</c>), or null before the first.</summary>
    string? CurrentPosition { get; }
}
