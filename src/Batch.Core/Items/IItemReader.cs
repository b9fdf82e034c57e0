namespace Batch.Items;

/// <summary>Reads items one at a time. Called once per item: keep it allocation-free.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>A reader that holds a position also implements <see cref="IItemStream"/>, so a restart resumes where the last committed chunk ended.</remarks>
public interface IItemReader<T>
{
    /// <summary>Reads the next item.</summary>
    /// <param name="cancellationToken">Cancelled when the step is asked to stop.</param>
    /// <returns>The item, or <see cref="ItemResult{T}.None"/> at the end of the input.</returns>
    ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken);
}
