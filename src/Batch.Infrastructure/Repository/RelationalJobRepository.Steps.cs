using System.Globalization;
using Batch.Infrastructure.Repository;
using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

public sealed partial class RelationalJobRepository
{
    /// <inheritdoc />
    public async ValueTask AddStepExecutionAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        var now = _time.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // An empty context has no row (a missing row reads as empty; the first checkpoint that changes it upserts it), so
        // the insert is one statement committed on its own; with a context, the two go in one transaction.
        var withContext = !stepExecution.ExecutionContext.IsEmpty;
        await using var transaction = withContext ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        long id;
        await using (var insert = connection.CreateCommand(transaction, RepositorySql.InsertStepExecution)
            .With("stepName", stepExecution.StepName)
            .With("jobExecutionId", stepExecution.JobExecution.Id)
            .With("start", DbTime.ToDb(stepExecution.StartTime))
            .With("end", DbTime.ToDb(stepExecution.EndTime))
            .With("status", stepExecution.Status.ToCode())
            .With("commit", stepExecution.CommitCount)
            .With("read", stepExecution.ReadCount)
            .With("filter", stepExecution.FilterCount)
            .With("write", stepExecution.WriteCount)
            .With("readSkip", stepExecution.ReadSkipCount)
            .With("writeSkip", stepExecution.WriteSkipCount)
            .With("processSkip", stepExecution.ProcessSkipCount)
            .With("rollback", stepExecution.RollbackCount)
            .With("exitCode", ExitText.Fit(stepExecution.ExitStatus.ExitCode))
            .With("exitMessage", ExitText.Fit(stepExecution.ExitStatus.ExitDescription))
            .With("now", DbTime.ToDb(now)))
        {
            if (_dialect.PreparesStatements)
            {
                // PostgreSQL: parsed and planned once per pooled connection, which keeps it (the pool of the repository's own statements is not reset).
                await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (transaction is not null)
        {
            var (shortContext, serialized) = ContextColumns.Write(stepExecution.ExecutionContext);
            await using (var context = connection.CreateCommand(transaction, RepositorySql.UpsertStepContext)
                .With("id", id).With("short", shortContext).With("serialized", serialized))
            {
                await context.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        PersistedState.SetId(stepExecution, id);
        PersistedState.SetVersion(stepExecution, 0);
        PersistedState.SetLastUpdated(stepExecution, now);
        stepExecution.ExecutionContext.ClearDirty();
    }

    /// <inheritdoc />
    public async ValueTask UpdateStepExecutionAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        if (stepExecution.ExecutionContext.IsDirty)
        {
            // The row and the context together, in one transaction.
            await using var chunk = await BeginChunkAsync(stepExecution, cancellationToken).ConfigureAwait(false);
            await chunk.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // One statement, committed on its own: a stale version matches no row and changes nothing.
        var now = _time.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var statements = CheckpointStatements.Create(_dialect, connection, session: false);
        var outcome = await statements.SaveAsync(null, stepExecution, now, cancellationToken).ConfigureAwait(false);
        if (!outcome.Matched)
        {
            throw await StepCheckpoint.StaleAsync(connection, stepExecution, cancellationToken).ConfigureAwait(false);
        }

        StepCheckpoint.Committed(stepExecution, now, outcome);
    }

    /// <inheritdoc />
    public async ValueTask<IChunkTransaction> BeginChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        var connection = await OpenForChunksAsync(cancellationToken).ConfigureAwait(false);
        CheckpointStatements? statements = null;
        try
        {
            statements = CheckpointStatements.Create(_dialect, connection, session: false);
            var transaction = _dialect.BeginsChunksLazily ? null : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new RelationalChunkTransaction(connection, transaction, statements, stepExecution, _time, ownsConnection: true);
        }
        catch
        {
            if (statements is not null)
            {
                await statements.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The session keeps one connection of the pool and the checkpoint statements for the whole step (prepared
    /// on PostgreSQL), so a chunk runs BEGIN, the writer's statements, the checkpoint and COMMIT, and nothing else.
    /// </remarks>
    public ValueTask<IChunkSession> OpenChunkSessionAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        return ValueTask.FromResult<IChunkSession>(new RelationalChunkSession(_dialect, OpenForChunksAsync, stepExecution, _time));
    }
}
