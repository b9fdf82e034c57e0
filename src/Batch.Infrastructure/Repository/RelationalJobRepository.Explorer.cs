using System.Data.Common;
using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Model;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

/// <remarks>
/// The explorer's reads are hand-written SQL on ADO.NET, like the run path: a command such as <c>show</c> or <c>list</c>
/// starts in a fresh process, where building an EF Core model and compiling its queries cost about a second of CPU. Each
/// read is a fixed number of statements, answered from indexes, whatever the size of the history.
/// </remarks>
public sealed partial class RelationalJobRepository
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetJobNamesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return [];
        }

        var names = new List<string>();
        await using (var command = connection.CreateCommand(null, ExplorerSql.SelectJobNames))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInstance>> GetJobInstancesAsync(string jobName, int start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null || count == 0)
        {
            return [];
        }

        await using var command = connection.CreateCommand(null, ExplorerSql.SelectInstancesOfJob)
            .With("jobName", jobName).With("count", (long)count).With("start", (long)start);
        return await ReadInstancesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<JobInstance?> GetJobInstanceAsync(long instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return null;
        }

        await using var command = connection.CreateCommand(null, ExplorerSql.SelectInstanceById).With("id", instanceId);
        var instances = await ReadInstancesAsync(command, cancellationToken).ConfigureAwait(false);
        return instances.Count == 0 ? null : instances[0];
    }

    /// <inheritdoc />
    public async ValueTask<JobInstance?> GetJobInstanceAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        ArgumentNullException.ThrowIfNull(parameters);
        var key = parameters.ToJobKey();
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return null;
        }

        await using var command = connection.CreateCommand(null, ExplorerSql.SelectInstanceByKey).With("jobName", jobName).With("jobKey", key);
        var instances = await ReadInstancesAsync(command, cancellationToken).ConfigureAwait(false);
        return instances.Count == 0 ? null : instances[0];
    }

    /// <inheritdoc />
    public async ValueTask<JobExecution?> GetJobExecutionAsync(long executionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return null;
        }

        var executions = await LoadJobExecutionsAsync(connection, ExplorerSql.ExecutionById, cmd => cmd.With("id", executionId), cancellationToken).ConfigureAwait(false);
        if (executions.Count == 0)
        {
            return null;
        }

        var execution = executions[0];
        await using var command = connection.CreateCommand(null, ExplorerSql.SelectStepsOfExecution).With("id", executionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var step = ReadStep(reader);
            execution.AddStepExecution(RowMapper.ToStepExecution(step, execution, ReadContext(reader, 18, step.Id)));
        }

        return execution;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobExecution>> GetJobExecutionsAsync(JobInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return [];
        }

        return await LoadJobExecutionsAsync(connection, ExplorerSql.ExecutionsOfInstance, cmd => cmd.With("instance", instance.Id), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<JobExecution?> GetLastJobExecutionAsync(JobInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return null;
        }

        var executions = await LoadJobExecutionsAsync(connection, ExplorerSql.LastExecutionOfInstance, cmd => cmd.With("instance", instance.Id), cancellationToken).ConfigureAwait(false);
        return executions.Count == 0 ? null : executions[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobExecution>> GetRunningJobExecutionsAsync(string jobName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return [];
        }

        return await LoadJobExecutionsAsync(connection, ExplorerSql.RunningExecutionsOfJob, cmd => cmd.With("jobName", jobName), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobExecution>> FindJobExecutionsAsync(JobExecutionQuery query, int start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null || count == 0)
        {
            return [];
        }

        // The page's ids first (the one read whose cost depends on the history), then its rows by id: two statements by primary key.
        var ids = new List<long>(Math.Min(count, 1024));
        await using (var command = connection.CreateCommand(null, ExplorerSql.SelectPageOfExecutionIds(query.JobName is not null, query.Status is not null)))
        {
            if (query.JobName is { } job)
            {
                command.With("jobName", job);
            }

            if (query.Status is { } status)
            {
                command.With("status", status.ToCode());
            }

            command.With("count", (long)count).With("start", (long)start);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        if (ids.Count == 0)
        {
            return [];
        }

        // In batches, so a large page stays within the databases' limits on parameters; each batch comes newest first.
        const int batchSize = 500;
        var executions = new List<JobExecution>(ids.Count);
        for (var offset = 0; offset < ids.Count; offset += batchSize)
        {
            var batch = ids.GetRange(offset, Math.Min(batchSize, ids.Count - offset));
            executions.AddRange(await LoadJobExecutionsAsync(connection, ExplorerSql.ExecutionsByIds(batch.Count), cmd =>
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    cmd.With("id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), batch[i]);
                }

                return cmd;
            }, cancellationToken).ConfigureAwait(false));
        }

        return executions;
    }

    private static async ValueTask<List<JobInstance>> ReadInstancesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var instances = new List<JobInstance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            instances.Add(RowMapper.ToInstance(ReadInstance(reader, 0)));
        }

        return instances;
    }

    private static JobInstanceRow ReadInstance(DbDataReader reader, int ordinal) => new()
    {
        Id = reader.GetInt64(ordinal),
        Version = reader.GetNullableInt64(ordinal + 1),
        JobName = reader.GetString(ordinal + 2),
        JobKey = reader.GetString(ordinal + 3),
    };

    /// <summary>
    /// Loads the executions that <paramref name="filter"/> selects (a WHERE clause over <c>e</c> and <c>i</c>), newest first, with
    /// their instances, contexts and parameters: two statements, whatever their number.
    /// </summary>
    private static async ValueTask<IReadOnlyList<JobExecution>> LoadJobExecutionsAsync(
        DbConnection connection, string filter, Func<DbCommand, DbCommand> bind, CancellationToken cancellationToken)
    {
        var rows = new List<(JobExecutionRow Execution, JobInstanceRow Instance, ExecutionContextRow? Context)>();
        await using (var command = bind(connection.CreateCommand(null, ExplorerSql.SelectExecutions(filter))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var execution = new JobExecutionRow
                {
                    Id = reader.GetInt64(0),
                    Version = reader.GetNullableInt64(1),
                    JobInstanceId = reader.GetInt64(2),
                    CreateTime = reader.GetDateTime(3),
                    StartTime = reader.GetNullableDateTime(4),
                    EndTime = reader.GetNullableDateTime(5),
                    Status = reader.GetNullableString(6),
                    ExitCode = reader.GetNullableString(7),
                    ExitMessage = reader.GetNullableString(8),
                    LastUpdated = reader.GetNullableDateTime(9),
                };
                rows.Add((execution, ReadInstance(reader, 10), ReadContext(reader, 14, execution.Id)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var parameters = new Dictionary<long, List<JobParameterRow>>();
        await using (var command = bind(connection.CreateCommand(null, ExplorerSql.SelectParametersOfExecutions(filter))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetInt64(0);
                if (!parameters.TryGetValue(id, out var list))
                {
                    parameters[id] = list = [];
                }

                list.Add(ReadParameter(reader, 1, id));
            }
        }

        var instances = new Dictionary<long, JobInstance>();
        var executions = new List<JobExecution>(rows.Count);
        foreach (var (execution, instanceRow, context) in rows)
        {
            if (!instances.TryGetValue(instanceRow.Id, out var instance))
            {
                instances[instanceRow.Id] = instance = RowMapper.ToInstance(instanceRow);
            }

            executions.Add(RowMapper.ToJobExecution(execution, instance, RowMapper.ToParameters(parameters.GetValueOrDefault(execution.Id) ?? []), context));
        }

        return executions;
    }
}
