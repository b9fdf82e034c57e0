using Batch.Infrastructure.Repository.Model;

namespace Batch.Infrastructure.Repository.Mapping;

/// <summary>Turns rows of the meta tables into the model's snapshots.</summary>
internal static class RowMapper
{
    public static JobInstance ToInstance(JobInstanceRow row)
    {
        var instance = new JobInstance(row.Id, row.JobName, row.JobKey);
        PersistedState.SetVersion(instance, row.Version ?? 0);
        return instance;
    }

    public static JobParameters ToParameters(IEnumerable<JobParameterRow> rows) =>
        new(rows.Select(r => KeyValuePair.Create(r.KeyName, ParameterColumns.Read(r.TypeCode, r.KeyName, r.StringValue, r.Identifying))));

    public static BatchExecutionContext ToContext(ExecutionContextRow? row) => ContextColumns.Read(row?.ShortContext, row?.SerializedContext);

    public static JobExecution ToJobExecution(JobExecutionRow row, JobInstance instance, JobParameters parameters, ExecutionContextRow? context)
    {
        var execution = new JobExecution(instance, parameters, DbTime.FromDb(row.CreateTime))
        {
            Status = BatchStatusExtensions.ParseCode(row.Status),
            ExitStatus = ToExitStatus(row.ExitCode, row.ExitMessage),
            StartTime = DbTime.FromDb(row.StartTime),
            EndTime = DbTime.FromDb(row.EndTime),
            ExecutionContext = ToContext(context),
        };
        PersistedState.SetId(execution, row.Id);
        PersistedState.SetVersion(execution, row.Version ?? 0);
        PersistedState.SetLastUpdated(execution, DbTime.FromDb(row.LastUpdated));
        return execution;
    }

    public static StepExecution ToStepExecution(StepExecutionRow row, JobExecution jobExecution, ExecutionContextRow? context)
    {
        var step = new StepExecution(row.StepName, jobExecution)
        {
            Status = BatchStatusExtensions.ParseCode(row.Status),
            ExitStatus = ToExitStatus(row.ExitCode, row.ExitMessage),
            StartTime = DbTime.FromDb(row.StartTime),
            EndTime = DbTime.FromDb(row.EndTime),
            ExecutionContext = ToContext(context),
        };
        PersistedState.SetId(step, row.Id);
        PersistedState.SetVersion(step, row.Version);
        PersistedState.SetLastUpdated(step, DbTime.FromDb(row.LastUpdated));
        PersistedState.SetCounts(
            step,
            read: row.ReadCount ?? 0,
            write: row.WriteCount ?? 0,
            filter: row.FilterCount ?? 0,
            commit: row.CommitCount ?? 0,
            rollback: row.RollbackCount ?? 0,
            readSkip: row.ReadSkipCount ?? 0,
            processSkip: row.ProcessSkipCount ?? 0,
            writeSkip: row.WriteSkipCount ?? 0);
        return step;
    }

    private static ExitStatus ToExitStatus(string? code, string? message) =>
        string.IsNullOrWhiteSpace(code) ? ExitStatus.Unknown : new ExitStatus(code, message ?? string.Empty);
}
