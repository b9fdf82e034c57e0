namespace Batch.Items;

/// <summary>
/// A reader that can tell how many items its input holds in all, so its step logs its progress with a percentage and a
/// projected end time (<c>Batch.Progress</c>). Called once, when the step starts, after the reader was opened.
/// </summary>
public interface IItemCountable
{
    /// <summary>How many items the whole input holds (those a restart skips included), or null when it cannot tell cheaply.</summary>
    /// <param name="cancellationToken">Cancelled with the step.</param>
    /// <returns>The count, or null.</returns>
    ValueTask<long?> CountItemsAsync(CancellationToken cancellationToken);
}
