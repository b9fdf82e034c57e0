using System.Data.Common;

namespace Batch.Repository;

/// <summary>
/// The transaction of one chunk. Committing it saves the step's checkpoint (counters with the VERSION
/// check, and the context when it changed) together with whatever the writer wrote through
/// <see cref="Connection"/> and <see cref="Transaction"/>, atomically.
/// </summary>
public interface IChunkTransaction : IAsyncDisposable
{
    /// <summary>The open connection to the repository's database, or null for a repository without one (in-memory).</summary>
    DbConnection? Connection { get; }

    /// <summary>The database transaction of the chunk, or null for a repository without one (in-memory).</summary>
    DbTransaction? Transaction { get; }

    /// <summary>
    /// Saves the step execution's checkpoint and commits. Sets <see cref="StepExecution.TerminateOnly"/>
    /// when the job execution was asked to stop, so the step ends at this chunk boundary.
    /// </summary>
    /// <param name="cancellationToken">Cancellation (the engine passes none: a chunk that got this far commits).</param>
    /// <returns>A task.</returns>
    /// <exception cref="OptimisticLockingFailureException">The stored step execution was changed by someone else; nothing was committed.</exception>
    ValueTask CommitAsync(CancellationToken cancellationToken);

    /// <summary>Rolls the chunk back. Safe to call after a failed commit.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask RollbackAsync(CancellationToken cancellationToken);
}
