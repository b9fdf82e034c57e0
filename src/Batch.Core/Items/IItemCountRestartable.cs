namespace Batch.Items;

/// <summary>
/// A reader whose restart position follows from how many items the step has already consumed, such as a file
/// reader (the next record is the one after the first N). Such a reader writes nothing into the execution context
/// at each chunk, so a chunk's checkpoint is one row: the step's counts, which are committed with the chunk.
/// </summary>
/// <remarks>
/// <para>
/// When a step that failed or stopped is restarted, the framework calls <see cref="SkipConsumedAsync"/> once, after
/// the reader's <see cref="IItemStream.OpenAsync"/>, with <see cref="StepExecution.ItemsConsumed"/> of the earlier
/// executions: every item read or skipped while reading in a committed chunk. The reader moves past that many items.
/// It is not called on a first run, or when nothing was consumed.
/// </para>
/// <para>
/// This holds only when the reader yields the same items in the same order on every run and the step reads from
/// one thread. A reader over data that changes between runs (rows inserted or deleted before the position) should
/// keep a key in the execution context instead, as the keyset readers do.
/// </para>
/// </remarks>
public interface IItemCountRestartable
{
    /// <summary>Moves past the items that earlier executions of the step consumed in committed chunks.</summary>
    /// <param name="itemsConsumed">Items read plus items skipped while reading, over every earlier execution of the step; at least 1.</param>
    /// <param name="cancellationToken">Cancelled to stop.</param>
    /// <returns>A task that completes when the reader is positioned.</returns>
    /// <exception cref="Exceptions.ItemStreamException">The input has fewer items than were consumed: it changed since the earlier run.</exception>
    ValueTask SkipConsumedAsync(long itemsConsumed, CancellationToken cancellationToken);
}
