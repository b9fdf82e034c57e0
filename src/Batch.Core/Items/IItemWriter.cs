namespace Batch.Items;

/// <summary>Writes the items of a chunk. Called once per chunk, inside the chunk's transaction.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// A writer that writes to the job repository's database uses <see cref="Chunk{T}.Transaction"/>, so
/// its items commit atomically with the step's checkpoint (exactly once across restarts). A writer to
/// any other system gets at-least-once delivery: after a crash between its write and the checkpoint,
/// the chunk is written again on restart, so such writers should be idempotent.
/// <para>In a fault-tolerant step the same items can be given to the writer again: a chunk is retried after a
/// transient fault, and after a skippable fault its items are written one at a time to find the bad one. A
/// writer that writes through the chunk's transaction gets this exactly once (the failed attempt is rolled
/// back, and each single-item write has a savepoint); any other writer should write a chunk all or nothing.</para>
/// </remarks>
public interface IItemWriter<T>
{
    /// <summary>Writes a chunk.</summary>
    /// <param name="chunk">The items; do not keep a reference to the chunk after returning.</param>
    /// <param name="cancellationToken">Cancelled when the step is asked to stop.</param>
    /// <returns>A task that completes when the items are written.</returns>
    ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken);
}
