using System.Data.Common;
using System.Globalization;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

/// <summary>
/// What happens around a step checkpoint (the statements themselves are <see cref="CheckpointStatements"/>):
/// reading its outcome, bringing the in-memory step execution up to date once it committed, and explaining
/// a checkpoint that matched no row.
/// </summary>
internal static class StepCheckpoint
{
    /// <summary>Brings the in-memory step execution up to date once the transaction committed.</summary>
    public static void Committed(StepExecution step, DateTimeOffset now, Outcome outcome)
    {
        PersistedState.SetVersion(step, step.Version + 1);
        PersistedState.SetLastUpdated(step, now);
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

    /// <summary>Reads the UPDATE's RETURNING row: none when the version was stale or the row missing.</summary>
    public static async ValueTask<Outcome> ReadOutcomeAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new Outcome(false, null);
        }

        return new Outcome(true, reader.IsDBNull(0) ? null : BatchStatusExtensions.ParseCode(reader.GetString(0)));
    }

    /// <summary>
    /// What a checkpoint found: whether the row matched (its version was current), and the job execution's status — or, where
    /// the dialect does not return it (<see cref="Dialects.SqlDialect.ReturnsRowsCheaply"/>), <see cref="BatchStatus.Stopping"/>
    /// when the job is stopping and null otherwise.
    /// </summary>
    public readonly record struct Outcome(bool Matched, BatchStatus? JobStatus);
}
