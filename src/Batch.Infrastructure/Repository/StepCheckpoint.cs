using System.Data.Common;
using System.Globalization;
using Batch.Infrastructure.Repository.Dialects;
using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Sql;
using Batch.Repository;

namespace Batch.Infrastructure.Repository;

/// <summary>
/// Saves a step execution inside a caller's transaction: the UPDATE of its row with the VERSION check
/// (which returns the job execution's status in the same statement), and the upsert of its context only
/// when the context changed. On PostgreSQL both go in one round trip. Used by chunk commits and by
/// <see cref="RelationalJobRepository.UpdateStepExecutionAsync"/>.
/// </summary>
internal static class StepCheckpoint
{
    /// <summary>Runs the statements. Returns the job execution's status, or null when no row matched (a stale version or a missing row).</summary>
    public static async ValueTask<Outcome> SaveAsync(
        SqlDialect dialect, DbConnection connection, DbTransaction transaction, StepExecution step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var values = UpdateValues(step, now);
        (string Short, string? Serialized)? context = step.ExecutionContext.IsDirty ? ContextColumns.Write(step.ExecutionContext) : null;
        if (context is { } c && dialect.UseBatches && connection.CanCreateBatch)
        {
            return await SaveInOneRoundTripAsync(connection, transaction, step, values, c, cancellationToken).ConfigureAwait(false);
        }

        Outcome outcome;
        await using (var update = connection.CreateCommand(transaction, RepositorySql.UpdateStepExecution))
        {
            foreach (var (name, value) in values)
            {
                update.With(name, value);
            }

            await using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            outcome = await ReadOutcomeAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        if (outcome.Matched && context is { } changed)
        {
            await using var upsert = connection.CreateCommand(transaction, RepositorySql.UpsertStepContext)
                .With("id", step.Id).With("short", changed.Short).With("serialized", changed.Serialized);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Brings the in-memory step execution up to date once the transaction committed.</summary>
    public static void Committed(StepExecution step, DateTimeOffset now, Outcome outcome)
    {
        step.Version++;
        step.LastUpdated = now;
        step.ExecutionContext.ClearDirty();
        if (outcome.JobStatus == BatchStatus.Stopping)
        {
            step.TerminateOnly = true;
        }
    }

    /// <summary>Explains a checkpoint that matched no row.</summary>
    public static async ValueTask<Exception> StaleAsync(DbConnection connection, StepExecution step, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(null, RepositorySql.SelectStepExecutionVersion).With("id", step.Id);
        var stored = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null or DBNull)
        {
            return new InvalidOperationException($"Step execution {step.Id} ('{step.StepName}') was never added to this repository.");
        }

        return new OptimisticLockingFailureException(
            $"Step execution {step.Id} ('{step.StepName}') was changed by someone else (stored version " +
            $"{Convert.ToInt64(stored, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}, this copy " +
            $"{step.Version.ToString(CultureInfo.InvariantCulture)}); the stale copy was not saved.");
    }

    private static async ValueTask<Outcome> SaveInOneRoundTripAsync(
        DbConnection connection, DbTransaction transaction, StepExecution step, (string Name, object? Value)[] values,
        (string Short, string? Serialized) context, CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        var update = batch.CreateBatchCommand();
        update.CommandText = RepositorySql.UpdateStepExecution;
        foreach (var (name, value) in values)
        {
            update.With(name, value);
        }

        var upsert = batch.CreateBatchCommand();
        upsert.CommandText = RepositorySql.UpsertStepContext;
        upsert.With("id", step.Id).With("short", context.Short).With("serialized", context.Serialized);
        batch.BatchCommands.Add(update);
        batch.BatchCommands.Add(upsert);

        // When the UPDATE matched no row the upsert ran for nothing: the caller rolls the transaction back.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadOutcomeAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<Outcome> ReadOutcomeAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new Outcome(false, null);
        }

        return new Outcome(true, reader.IsDBNull(0) ? null : BatchStatusExtensions.ParseCode(reader.GetString(0)));
    }

    private static (string Name, object? Value)[] UpdateValues(StepExecution step, DateTimeOffset now) =>
    [
        ("id", step.Id),
        ("version", step.Version),
        ("jobExecutionId", step.JobExecution.Id),
        ("start", DbTime.ToDb(step.StartTime)),
        ("end", DbTime.ToDb(step.EndTime)),
        ("status", step.Status.ToCode()),
        ("commit", step.CommitCount),
        ("read", step.ReadCount),
        ("filter", step.FilterCount),
        ("write", step.WriteCount),
        ("readSkip", step.ReadSkipCount),
        ("writeSkip", step.WriteSkipCount),
        ("processSkip", step.ProcessSkipCount),
        ("rollback", step.RollbackCount),
        ("exitCode", ExitText.Fit(step.ExitStatus.ExitCode)),
        ("exitMessage", ExitText.Fit(step.ExitStatus.ExitDescription)),
        ("now", DbTime.ToDb(now)),
    ];

    /// <summary>What a checkpoint found: whether the row matched (its version was current), and the job execution's status.</summary>
    public readonly record struct Outcome(bool Matched, BatchStatus? JobStatus);
}
