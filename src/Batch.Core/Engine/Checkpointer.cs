using System.Runtime.CompilerServices;
using Batch.Repository;

namespace Batch.Engine;

/// <summary>
/// Runs the transaction of each chunk of one step execution in the step's <see cref="IChunkSession"/>: begins it, commits the checkpoint with it,
/// and on failure rolls back the counters and restores the context to the last committed one, so that
/// nothing that was not committed is ever saved as the restart point.
/// </summary>
internal sealed class Checkpointer
{
    private readonly StepExecution _step;
    private readonly IChunkSession _session;
    private readonly ItemStreams _streams;
    private readonly BatchExecutionContext _committed;
    private Counts _before;

    public Checkpointer(StepExecution step, IChunkSession session, ItemStreams streams)
    {
        _step = step;
        _session = session;
        _streams = streams;
        _committed = step.ExecutionContext.Clone();
    }

    /// <summary>True once the current chunk committed.</summary>
    public bool ChunkCommitted { get; private set; }

    /// <summary>True once the current chunk (or an attempt at it) was rolled back.</summary>
    public bool ChunkRolledBack { get; private set; }

    /// <summary>Marks the start of a chunk: the counters to restore if it fails.</summary>
    public void StartChunk()
    {
        _before = Counts.Of(_step);
        ChunkCommitted = false;
        ChunkRolledBack = false;
    }

    /// <summary>Begins a chunk's transaction.</summary>
    public ValueTask<IChunkTransaction> BeginAsync(CancellationToken cancellationToken) =>
        _session.BeginChunkAsync(cancellationToken);

    /// <summary>Lets the streams record their position, counts the commit and commits (never cancelled: a chunk that got this far commits).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CommitAsync(IChunkTransaction transaction, CancellationToken cancellationToken)
    {
        await UpdateStreamsAsync(cancellationToken).ConfigureAwait(false);
        var commit = StartCommit();
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        EndCommit(commit);
    }

    /// <summary>
    /// Like <see cref="CommitAsync"/> for a step's last piece of work, in a session that <see cref="IChunkSession.SavesStepEndWithLastChunk"/>:
    /// the step execution is COMPLETED, with its end time and exit status, in the same commit. A failed commit puts it back to STARTED.
    /// </summary>
    public async ValueTask CommitLastAsync(IChunkTransaction transaction, DateTimeOffset endTime, CancellationToken cancellationToken)
    {
        await UpdateStreamsAsync(cancellationToken).ConfigureAwait(false);
        var commit = StartCommit();
        var exitStatus = _step.ExitStatus;
        var completed = Steps.StepBase.CompletedExitStatus(_step);
        _step.Status = BatchStatus.Completed;
        _step.ExitStatus = completed;
        _step.EndTime = endTime;
        try
        {
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            _step.Status = BatchStatus.Started;
            _step.ExitStatus = exitStatus;
            _step.EndTime = null;
            throw;
        }

        _step.EndSavedWith = completed;
        EndCommit(commit);
    }

    /// <summary>
    /// The first part of <see cref="CommitAsync"/>, for a caller that awaits the commit itself (one asynchronous method less
    /// on the path of every chunk): lets the streams record their position in the context (mostly synchronously).
    /// </summary>
    public ValueTask UpdateStreamsAsync(CancellationToken cancellationToken) => _streams.UpdateAsync(_step.ExecutionContext, cancellationToken);

    /// <summary>The second part: counts the commit and notes what <see cref="EndCommit"/> needs; the caller then commits the transaction.</summary>
    public PendingCommit StartCommit()
    {
        _step.CommitCount++;
        return new PendingCommit(_step.ExecutionContext.IsDirty, Telemetry.CommitLatency.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0);
    }

    /// <summary>The last part, once the transaction committed: the chunk counts as committed and its context as the restart point.</summary>
    public void EndCommit(PendingCommit commit)
    {
        if (commit.Started != 0)
        {
            Telemetry.CommitLatency.Record(
                Telemetry.SecondsSince(commit.Started),
                new KeyValuePair<string, object?>(Diagnostics.BatchTelemetry.JobNameTag, _step.JobExecution.JobName),
                new KeyValuePair<string, object?>(Diagnostics.BatchTelemetry.StepNameTag, _step.StepName));
        }

        ChunkCommitted = true;
        _step.Committed = CommittedCounts.Of(_step);
        if (commit.ContextChanged)
        {
            _committed.ReplaceWith(_step.ExecutionContext);
        }
    }

    /// <summary>Rolls the chunk back: the counters return to the last commit (plus one rollback) and the context to the last committed one.</summary>
    public async ValueTask RollbackAsync(IChunkTransaction? transaction)
    {
        if (transaction is not null)
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the original failure is what matters; a failed rollback is rolled back by the database anyway
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _before.RestoreTo(_step);
        _step.RollbackCount++;
        ChunkRolledBack = true;
        _step.ExecutionContext.ReplaceWith(_committed);
    }

    /// <summary>What a commit in progress noted at its start: whether the context changed, and when it started (0 without telemetry).</summary>
    internal readonly record struct PendingCommit(bool ContextChanged, long Started);

    private readonly record struct Counts(long Read, long Write, long Filter, long Commit, long ReadSkip, long ProcessSkip, long WriteSkip)
    {
        public static Counts Of(StepExecution s) =>
            new(s.ReadCount, s.WriteCount, s.FilterCount, s.CommitCount, s.ReadSkipCount, s.ProcessSkipCount, s.WriteSkipCount);

        /// <summary>Puts the counters back, all but the rollback count (which counts this rollback too).</summary>
        public void RestoreTo(StepExecution s) =>
            PersistedState.SetCounts(s, Read, Write, Filter, Commit, s.RollbackCount, ReadSkip, ProcessSkip, WriteSkip);
    }
}
