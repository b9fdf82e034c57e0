namespace Batch.Items;

/// <summary>
/// How readers, writers and other components save and restore their position. The engine opens the
/// stream with the step's saved context, asks it to update the context before every checkpoint,
/// and closes it when the step ends (whatever the outcome).
/// </summary>
public interface IItemStream
{
    /// <summary>Opens the stream, restoring its position from the context when it holds one.</summary>
    /// <param name="executionContext">The step's context: empty on a first run, the last committed one on a restart.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken);

    /// <summary>Writes the current position into the context, just before it is committed with the chunk.</summary>
    /// <param name="executionContext">The step's context.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken);

    /// <summary>Releases what the stream holds. Called once, whether the step succeeded or not.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask CloseAsync(CancellationToken cancellationToken);
}
