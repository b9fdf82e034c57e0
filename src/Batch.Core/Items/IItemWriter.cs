namespace Batch.Items;

/// <summary>Writes the items of a chunk. Called once per chunk, inside the chunk's transaction.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// A writer that writes to the job repository's database uses <see cref="Chunk{T}.Transaction"/>, so
/// its items commit atomically with the step's checkpoint (exactly once across restarts). A writer to
/// any other system gets at-least-once delivery: after a crash between its write and the checkpoint,
/// the chunk is written again on restart, so such writers should be idempotent.
/// </remarks>
public interface IItemWriter<T>
{
    /// <summary>Writes a chunk.</summary>
    /// <param name="chunk">The items; do not keep a reference to the chunk after returning.</param>
    /// <param name="cancellationToken">Cancelled when the step is asked to stop.</param>
    /// <returns>A task that completes when the items are written.</returns>
    ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken);
}
