namespace Batch.Repository;

/// <summary>
/// The chunk transactions of one running step execution, begun one after another. The engine opens a
/// session when a step starts and disposes it when the step ends, so a repository can keep what every
/// chunk needs: a database repository keeps one open connection and its prepared checkpoint statements
/// for the whole step, instead of taking a connection from the pool and preparing the statements again
/// at every chunk.
/// </summary>
/// <remarks>
/// Writers see the session only through each chunk's <see cref="IChunkTransaction"/>: within a session,
/// <see cref="IChunkTransaction.Connection"/> is the same connection at every chunk, so a writer may keep
/// commands prepared on it. A session is used by one step at a time and is not thread-safe.
/// </remarks>
public interface IChunkSession : IAsyncDisposable
{
    /// <summary>
    /// Begins the transaction of the next chunk. Commit or roll it back, and dispose it, before beginning another.
    /// </summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The chunk's transaction.</returns>
    ValueTask<IChunkTransaction> BeginChunkAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when a chunk committed while its step execution's status (<see cref="Entity.Status"/>) is no longer a running one (STARTING, STARTED) saves,
    /// in the same transaction, the step's end as well: its status, end time and exit status. The engine then ends a step
    /// whose last chunk is its last piece of work (a tasklet step with no step or chunk listeners and no stream) with that
    /// one commit, instead of committing the chunk and then saving the step's end in a transaction of its own.
    /// False by default: a session that saves only the counters and context keeps the separate save.
    /// </summary>
    bool SavesStepEndWithLastChunk => false;
}
