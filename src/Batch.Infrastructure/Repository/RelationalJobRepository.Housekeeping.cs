using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

public sealed partial class RelationalJobRepository
{
    /// <inheritdoc />
    /// <remarks>One transaction: the step contexts, step executions, job contexts, parameters and job executions of the
    /// instances whose last execution ended before the date COMPLETED or ABANDONED (any status that is not live with
    /// <paramref name="includeRestartable"/>) and that have no live execution, then those instances, left without executions.</remarks>
    public async ValueTask<DeletedHistory> DeleteJobInstancesEndedBeforeAsync(DateTimeOffset endedBefore, bool includeRestartable, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var executions = 0;
        for (var i = 0; i < RepositorySql.DeleteHistory.Length; i++)
        {
            await using var command = connection.CreateCommand(transaction, RepositorySql.DeleteHistory[i])
                .With("before", DbTime.ToDb(endedBefore)).With("all", includeRestartable ? 1 : 0);
            var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (i == RepositorySql.DeleteJobExecutionsIndex)
            {
                executions = rows;
            }
        }

        int instances;
        await using (var orphans = connection.CreateCommand(transaction, RepositorySql.DeleteOrphanInstances))
        {
            instances = await orphans.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DeletedHistory(instances, executions);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the conditional UPDATE of the job execution (VERSION, and for a live one no heartbeat after
    /// <paramref name="silentSince"/>), then each step's UPDATE with its VERSION check; a step changed meanwhile rolls all back.
    /// </remarks>
    public async ValueTask<bool> EndSilentJobExecutionAsync(JobExecution jobExecution, IReadOnlyCollection<StepExecution> steps, DateTimeOffset silentSince, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        ArgumentNullException.ThrowIfNull(steps);
        var now = _time.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int updated;
        await using (var update = connection.CreateCommand(transaction, RepositorySql.EndSilentJobExecution)
            .With("id", jobExecution.Id)
            .With("version", jobExecution.Version)
            .With("end", DbTime.ToDb(jobExecution.EndTime))
            .With("status", jobExecution.Status.ToCode())
            .With("exitCode", ExitText.Fit(jobExecution.ExitStatus.ExitCode))
            .With("exitMessage", ExitText.Fit(jobExecution.ExitStatus.ExitDescription))
            .With("now", DbTime.ToDb(now))
            .With("silentSince", DbTime.ToDb(silentSince)))
        {
            updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (updated == 0)
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            if (await ReadJobVersionAsync(connection, jobExecution.Id, cancellationToken).ConfigureAwait(false) is { } stored && stored.Version == jobExecution.Version)
            {
                return false; // the version matched, so a heartbeat did not: it is alive
            }

            throw await StaleJobExecutionAsync(connection, jobExecution, cancellationToken).ConfigureAwait(false);
        }

        await using (var statements = CheckpointStatements.Create(_dialect, connection, session: false))
        {
            foreach (var step in steps)
            {
                var outcome = await statements.SaveAsync(transaction, step, now, cancellationToken).ConfigureAwait(false);
                if (!outcome.Matched)
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    throw await StepCheckpoint.StaleAsync(connection, step, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var step in steps)
        {
            StepCheckpoint.Committed(step, now, new StepCheckpoint.Outcome(true, null));
        }

        PersistedState.SetVersion(jobExecution, jobExecution.Version + 1);
        PersistedState.SetLastUpdated(jobExecution, now);
        return true;
    }
}
