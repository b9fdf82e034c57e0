using System.Data.Common;
using System.Globalization;
using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

public sealed partial class RelationalJobRepository
{
    /// <inheritdoc />
    public async ValueTask UpdateJobExecutionAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        var now = _time.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // With an unchanged context the update is one statement, committed on its own (a stale version changes
        // nothing); a changed context is upserted with it in one transaction.
        var contextChanged = jobExecution.ExecutionContext.IsDirty;
        await using var transaction = contextChanged ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        int updated;
        await using (var update = connection.CreateCommand(transaction, RepositorySql.UpdateJobExecution)
            .With("id", jobExecution.Id)
            .With("version", jobExecution.Version)
            .With("start", DbTime.ToDb(jobExecution.StartTime))
            .With("end", DbTime.ToDb(jobExecution.EndTime))
            .With("status", jobExecution.Status.ToCode())
            .With("exitCode", ExitText.Fit(jobExecution.ExitStatus.ExitCode))
            .With("exitMessage", ExitText.Fit(jobExecution.ExitStatus.ExitDescription))
            .With("now", DbTime.ToDb(now)))
        {
            if (_dialect.PreparesStatements)
            {
                await update.PrepareAsync(cancellationToken).ConfigureAwait(false); // PostgreSQL: once per pooled connection, like the step's insert
            }

            updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (updated == 0)
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }

            throw await StaleJobExecutionAsync(connection, jobExecution, cancellationToken).ConfigureAwait(false);
        }

        if (transaction is not null)
        {
            var (shortContext, serialized) = ContextColumns.Write(jobExecution.ExecutionContext);
            await using (var context = connection.CreateCommand(transaction, RepositorySql.UpsertJobContext)
                .With("id", jobExecution.Id).With("short", shortContext).With("serialized", serialized))
            {
                await context.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        PersistedState.SetVersion(jobExecution, jobExecution.Version + 1);
        PersistedState.SetLastUpdated(jobExecution, now);
        jobExecution.ExecutionContext.ClearDirty();
    }

    /// <inheritdoc />
    /// <remarks>One statement committed on its own, by primary key and version; LAST_UPDATED is left as it was.</remarks>
    public async ValueTask RequestStopAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var update = connection.CreateCommand(null, RepositorySql.RequestStop)
            .With("id", jobExecution.Id).With("version", jobExecution.Version).With("status", jobExecution.Status.ToCode()))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw await StaleJobExecutionAsync(connection, jobExecution, cancellationToken).ConfigureAwait(false);
            }
        }

        PersistedState.SetVersion(jobExecution, jobExecution.Version + 1);
    }

    /// <inheritdoc />
    /// <remarks>One statement committed on its own: an update of LAST_UPDATED by primary key while the execution is live.</remarks>
    public async ValueTask<bool> TouchJobExecutionAsync(JobExecution jobExecution, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var touch = connection.CreateCommand(null, RepositorySql.TouchJobExecution)
            .With("id", jobExecution.Id).With("now", DbTime.ToDb(now));
        return await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async ValueTask SynchronizeStatusAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadJobVersionAsync(connection, jobExecution.Id, cancellationToken).ConfigureAwait(false) is { } stored
            && stored.Version != jobExecution.Version)
        {
            PersistedState.SetVersion(jobExecution, stored.Version);
            jobExecution.UpgradeStatus(stored.Status);
        }
    }

    private static async ValueTask<(long Version, BatchStatus Status)?> ReadJobVersionAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(null, RepositorySql.SelectJobExecutionVersion).With("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return (reader.GetNullableInt64(0) ?? 0, BatchStatusExtensions.ParseCode(reader.GetNullableString(1)));
    }

    /// <summary>Explains why an update matched no row: the execution does not exist, or someone else changed it.</summary>
    private static async ValueTask<Exception> StaleJobExecutionAsync(DbConnection connection, JobExecution jobExecution, CancellationToken cancellationToken)
    {
        if (await ReadJobVersionAsync(connection, jobExecution.Id, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return new NoSuchJobExecutionException($"Job execution {jobExecution.Id} does not exist in this repository.");
        }

        return new OptimisticLockingFailureException(
            $"Job execution {jobExecution.Id} of '{jobExecution.JobName}' was changed by someone else (stored version " +
            $"{stored.Version.ToString(CultureInfo.InvariantCulture)}, this copy {jobExecution.Version.ToString(CultureInfo.InvariantCulture)}); " +
            "reload it and try again.");
    }
}
