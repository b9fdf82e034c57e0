using System.Data.Common;
using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Model;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

public sealed partial class RelationalJobRepository
{
    /// <inheritdoc />
    /// <remarks>
    /// Hand-written (two statements: the history, then the parameters of the latest execution's job execution) rather
    /// than through EF Core, because every step of every run asks: a job run never builds the EF Core model, which
    /// costs about a second in a fresh process.
    /// </remarks>
    public async ValueTask<StepHistory> GetStepHistoryAsync(JobInstance instance, string stepName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(stepName);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        StepExecutionRow step;
        JobExecutionRow job;
        ExecutionContextRow? stepContext;
        ExecutionContextRow? jobContext;
        int count;
        await using (var command = connection.CreateCommand(null, RepositorySql.SelectStepHistory).With("@instance", instance.Id).With("@step", stepName))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new StepHistory(null, 0);
            }

            step = ReadStep(reader);
            stepContext = ReadContext(reader, 18, step.Id);
            job = ReadJob(reader, step.JobExecutionId, instance.Id);
            jobContext = ReadContext(reader, 28, job.Id);
            count = checked((int)reader.GetInt64(30));
        }

        var parameters = new List<JobParameterRow>();
        await using (var command = connection.CreateCommand(null, RepositorySql.SelectJobParameters).With("@id", job.Id))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                parameters.Add(ReadParameter(reader, 0, job.Id));
            }
        }

        var jobExecution = RowMapper.ToJobExecution(job, instance, RowMapper.ToParameters(parameters), jobContext);
        return new StepHistory(RowMapper.ToStepExecution(step, jobExecution, stepContext), count);
    }

    private static StepExecutionRow ReadStep(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Version = reader.GetInt64(1),
        StepName = reader.GetString(2),
        JobExecutionId = reader.GetInt64(3),
        StartTime = reader.GetNullableDateTime(4),
        EndTime = reader.GetNullableDateTime(5),
        Status = reader.GetNullableString(6),
        CommitCount = reader.GetNullableInt64(7),
        ReadCount = reader.GetNullableInt64(8),
        FilterCount = reader.GetNullableInt64(9),
        WriteCount = reader.GetNullableInt64(10),
        ReadSkipCount = reader.GetNullableInt64(11),
        WriteSkipCount = reader.GetNullableInt64(12),
        ProcessSkipCount = reader.GetNullableInt64(13),
        RollbackCount = reader.GetNullableInt64(14),
        ExitCode = reader.GetNullableString(15),
        ExitMessage = reader.GetNullableString(16),
        LastUpdated = reader.GetNullableDateTime(17),
    };

    private static JobExecutionRow ReadJob(DbDataReader reader, long id, long instanceId) => new()
    {
        Id = id,
        JobInstanceId = instanceId,
        Version = reader.GetNullableInt64(20),
        CreateTime = reader.GetDateTime(21),
        StartTime = reader.GetNullableDateTime(22),
        EndTime = reader.GetNullableDateTime(23),
        Status = reader.GetNullableString(24),
        ExitCode = reader.GetNullableString(25),
        ExitMessage = reader.GetNullableString(26),
        LastUpdated = reader.GetNullableDateTime(27),
    };

    /// <summary>A parameter row from its four columns (type, key, value, identifying) at <paramref name="ordinal"/>.</summary>
    private static JobParameterRow ReadParameter(DbDataReader reader, int ordinal, long executionId) => new()
    {
        JobExecutionId = executionId,
        TypeCode = reader.GetString(ordinal),
        KeyName = reader.GetString(ordinal + 1),
        StringValue = reader.GetNullableString(ordinal + 2),
        Identifying = reader.GetString(ordinal + 3),
    };

    /// <summary>A context row from its two columns at <paramref name="ordinal"/>, or null when the row is missing.</summary>
    private static ExecutionContextRow? ReadContext(DbDataReader reader, int ordinal, long id) =>
        reader.IsDBNull(ordinal) ? null : new ExecutionContextRow { Id = id, ShortContext = reader.GetString(ordinal), SerializedContext = reader.GetNullableString(ordinal + 1) };
}
