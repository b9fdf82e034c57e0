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
}
