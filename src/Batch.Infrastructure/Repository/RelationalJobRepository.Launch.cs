using System.Data.Common;
using System.Globalization;
using System.Text;
using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

public sealed partial class RelationalJobRepository
{
    /// <inheritdoc />
    /// <remarks>
    /// A fixed number of statements whatever the history: one read (the instance with its last, live and
    /// completed executions, aggregated in the database), then the inserts of the instance (first launch
    /// only), the execution, its parameters (one multi-row insert) and its context (when not empty) — in one
    /// transaction. On PostgreSQL a first launch is one prepared statement (instance, execution, parameters, committed on
    /// its own) that inserts nothing when the instance exists; only then come the read and the transaction.
    /// Two processes racing for one instance are settled by the database: the partial unique index on
    /// live executions (or the unique instance key) refuses the loser, which gets
    /// <see cref="JobExecutionAlreadyRunningException"/>.
    /// </remarks>
    public async ValueTask<JobExecution> CreateJobExecutionAsync(JobLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Parameters.ToJobKey();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        LaunchFacts? known = null;
        if (_dialect.LaunchesNewInstanceInOneStatement)
        {
            // A new instance first, in one statement; an existing one is read on its own, then launched in the transaction below.
            // (Should the instance go between the two — a cleanup deleting it — the new-instance statement is tried again.)
            for (var attempt = 1; known is null; attempt++)
            {
                if (await LaunchNewInstanceAsync(connection, request, key, cancellationToken).ConfigureAwait(false) is { } launched)
                {
                    return launched;
                }

                known = await FindForLaunchAsync(connection, null, request.JobName, key, _dialect.PreparesStatements, cancellationToken).ConfigureAwait(false);
                if (known is null && attempt == 3)
                {
                    throw new InvalidOperationException(
                        $"Job '{request.JobName}' instance {key} was created and deleted three times while this launch looked at it; launch it again.");
                }
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (instance, context, created) = await FindOrCreateInstanceAsync(connection, transaction, request, key, known, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var execution = NewExecution(instance, request, now, context, created);

            await InsertExecutionAsync(connection, transaction, execution, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            context.ClearDirty();
            return execution;
        }
        catch (DbException ex) when (_dialect.IsUniqueViolation(ex))
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw await ExplainLaunchConflictAsync(request, key, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The first launch of an instance, in one statement committed on its own (PostgreSQL): the instance, the execution and its
    /// parameters; null, with nothing inserted, when the instance exists (<see cref="RepositorySql.InsertNewInstanceExecution"/>).
    /// </summary>
    private async ValueTask<JobExecution?> LaunchNewInstanceAsync(DbConnection connection, JobLaunchRequest request, string key, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var command = connection.CreateCommand(null, RepositorySql.InsertNewInstanceExecution(request.Parameters.Count))
            .With("jobName", request.JobName).With("jobKey", key)
            .With("now", DbTime.ToDb(now))
            .With("create", DbTime.ToDb(request.CreateTimeAt(now)))
            .With("start", DbTime.ToDb(request.StartTime))
            .With("status", request.InitialStatus.ToCode())
            .With("exitCode", request.InitialExitStatus.ExitCode)
            .With("exitMessage", ExitText.Fit(request.InitialExitStatus.ExitDescription));
        BindParameters(command, request.Parameters);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false); // PostgreSQL only: planned once per connection and parameter count
        long instanceId, executionId;
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            (instanceId, executionId) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (DbException ex) when (_dialect.IsUniqueViolation(ex))
        {
            throw await ExplainLaunchConflictAsync(request, key, ex, cancellationToken).ConfigureAwait(false);
        }

        var execution = NewExecution(new JobInstance(instanceId, request.JobName, key), request, now, new BatchExecutionContext(), createdInstance: true);
        PersistedState.SetId(execution, executionId);
        return execution;
    }

    /// <summary>The execution a launch creates (before or after its insert): status and start from the request, saved now.</summary>
    private static JobExecution NewExecution(JobInstance instance, JobLaunchRequest request, DateTimeOffset now, BatchExecutionContext context, bool createdInstance)
    {
        var execution = new JobExecution(instance, request.Parameters, request.CreateTimeAt(now))
        {
            Status = request.InitialStatus,
            ExitStatus = request.InitialExitStatus,
            StartTime = request.StartTime,
            ExecutionContext = context,
        };
        PersistedState.SetLastUpdated(execution, now);
        if (createdInstance)
        {
            PersistedState.MarkCreatedInstance(execution);
        }

        return execution;
    }

    private static async ValueTask<(JobInstance Instance, BatchExecutionContext Context, bool Created)> FindOrCreateInstanceAsync(
        DbConnection connection, DbTransaction transaction, JobLaunchRequest request, string key, LaunchFacts? known, CancellationToken cancellationToken)
    {
        // Read here only where the read did not come first (databases that do not prepare statements: SQLite).
        var found = known ?? await FindForLaunchAsync(connection, transaction, request.JobName, key, prepare: false, cancellationToken).ConfigureAwait(false);
        if (found is { } existing)
        {
            var instance = new JobInstance(existing.InstanceId, request.JobName, key);
            var last = LaunchRules.Check(request, instance, existing.Previous);
            var context = last is null ? new BatchExecutionContext() : ContextColumns.Read(existing.ShortContext, existing.SerializedContext);
            return (instance, context, false);
        }

        await using var insert = connection.CreateCommand(transaction, RepositorySql.InsertInstance)
            .With("jobName", request.JobName).With("jobKey", key);
        var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        return (new JobInstance(id, request.JobName, key), new BatchExecutionContext(), true);
    }

    private static async ValueTask<LaunchFacts?> FindForLaunchAsync(
        DbConnection connection, DbTransaction? transaction, string jobName, string key, bool prepare, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(transaction, RepositorySql.FindInstanceForLaunch)
            .With("jobName", jobName).With("jobKey", key);
        if (prepare)
        {
            // Planning this read costs PostgreSQL about 2 ms, ten times running it: prepared, it is planned once per
            // connection (Npgsql keeps prepared statements across pool rentals; preparing again is free).
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // The launch rules need only these facts, not every execution: the last (first in the list, so it
        // wins among equal ids), one that is live, one that completed, one that was abandoned.
        var previous = new List<(long Id, BatchStatus Status)>(3);
        if (reader.GetNullableInt64(1) is { } lastId)
        {
            previous.Add((lastId, BatchStatusExtensions.ParseCode(reader.GetNullableString(2))));
        }

        if (reader.GetNullableInt64(3) is { } runningId)
        {
            previous.Add((runningId, BatchStatus.Started));
        }

        if (reader.GetNullableInt64(4) is { } completedId)
        {
            previous.Add((completedId, BatchStatus.Completed));
        }

        if (reader.GetNullableInt64(7) is { } abandonedId)
        {
            previous.Add((abandonedId, BatchStatus.Abandoned));
        }

        return new LaunchFacts(reader.GetInt64(0), previous, reader.GetNullableString(5), reader.GetNullableString(6));
    }

    private static async ValueTask InsertExecutionAsync(DbConnection connection, DbTransaction transaction, JobExecution execution, CancellationToken cancellationToken)
    {
        await using (var insert = connection.CreateCommand(transaction, RepositorySql.InsertJobExecution)
            .With("instanceId", execution.JobInstance.Id)
            .With("now", DbTime.ToDb(execution.LastUpdated))
            .With("create", DbTime.ToDb(execution.CreateTime))
            .With("start", DbTime.ToDb(execution.StartTime))
            .With("status", execution.Status.ToCode())
            .With("exitCode", execution.ExitStatus.ExitCode)
            .With("exitMessage", ExitText.Fit(execution.ExitStatus.ExitDescription)))
        {
            PersistedState.SetId(execution, Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture));
        }

        if (!execution.JobParameters.IsEmpty)
        {
            await using var parameters = BuildParametersInsert(connection, transaction, execution);
            await parameters.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // An empty context has no row: readers take a missing row for an empty context, and a later save upserts it.
        if (execution.ExecutionContext.IsEmpty)
        {
            return;
        }

        var (shortContext, serialized) = ContextColumns.Write(execution.ExecutionContext);
        await using var context = connection.CreateCommand(transaction, RepositorySql.UpsertJobContext)
            .With("id", execution.Id).With("short", shortContext).With("serialized", serialized);
        await context.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One insert for all parameters: a row of placeholders per parameter, every value bound.</summary>
    private static DbCommand BuildParametersInsert(DbConnection connection, DbTransaction transaction, JobExecution execution)
    {
        var sql = new StringBuilder(RepositorySql.InsertParametersHead);
        for (var index = 0; index < execution.JobParameters.Count; index++)
        {
            sql.Append(index > 0 ? ", " : string.Empty).Append(RepositorySql.ParameterRow(index));
        }

        var command = connection.CreateCommand(transaction, sql.ToString()).With("executionId", execution.Id);
        BindParameters(command, execution.JobParameters);
        return command;
    }

    /// <summary>Binds the values of the parameter rows (<c>@type0</c>, <c>@key0</c>, … in the parameters' order).</summary>
    private static void BindParameters(DbCommand command, JobParameters parameters)
    {
        var index = 0;
        foreach (var (name, parameter) in parameters)
        {
            var (type, text, date, @long, @double) = ParameterColumns.Write(parameter);
            var suffix = index.ToString(CultureInfo.InvariantCulture);
            command.With("type" + suffix, type).With("key" + suffix, name).With("string" + suffix, text).With("date" + suffix, date)
                .With("long" + suffix, @long).With("double" + suffix, @double).With("identifying" + suffix, ParameterColumns.Flag(parameter.Identifying));
            index++;
        }
    }

    /// <summary>
    /// After a unique violation, reads the instance again (in a new transaction) so the loser of a launch
    /// race gets the same refusal, with the same message, as a launch that came second.
    /// </summary>
    private async ValueTask<Exception> ExplainLaunchConflictAsync(JobLaunchRequest request, string key, DbException conflict, CancellationToken cancellationToken)
    {
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await FindForLaunchAsync(connection, null, request.JobName, key, _dialect.PreparesStatements, cancellationToken).ConfigureAwait(false) is { } found)
            {
                LaunchRules.Check(request, new JobInstance(found.InstanceId, request.JobName, key), found.Previous);
            }
        }

        return new JobExecutionAlreadyRunningException(
            $"Job '{request.JobName}' with parameters [{request.Parameters.Identifying()}] was launched by another process at the same moment, " +
            "and that launch won; wait for it to end, or stop it first.",
            conflict);
    }

    /// <summary>What a launch needs to know about an existing instance.</summary>
    private readonly record struct LaunchFacts(long InstanceId, IReadOnlyCollection<(long Id, BatchStatus Status)> Previous, string? ShortContext, string? SerializedContext);
}
