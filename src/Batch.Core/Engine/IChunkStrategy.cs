namespace Batch.Engine;

/// <summary>
/// The variable part of the one chunk driver (<see cref="ChunkDriver"/>): how a chunk is filled (read and processed)
/// and how it is written and committed, failures included. Plain item steps, fault-tolerant item steps and tasklet
/// steps are strategies; the driver owns the loop, stop requests, the checkpoint's start and chunk listeners.
/// </summary>
/// <remarks>
/// A strategy commits through <see cref="Checkpointer.CommitAsync"/>. When it fails it rolls back the transactions it
/// began with <see cref="Checkpointer.RollbackAsync"/> before throwing; if it began none, the driver rolls the chunk
/// back. It must not allocate per chunk on its synchronous paths (state machines are pooled).
/// </remarks>
internal interface IChunkStrategy
{
    /// <summary>Runs one chunk: fills it, writes it and commits its checkpoint.</summary>
    /// <param name="cancellationToken">The step's token.</param>
    /// <returns>Whether more chunks follow, or that there was nothing left to do.</returns>
    ValueTask<ChunkOutcome> RunChunkAsync(CancellationToken cancellationToken);
}
