using Batch.Infrastructure.Repository.Model;

namespace Batch.Infrastructure.Repository.Mapping;

/// <summary>Turns rows of the meta tables into the model's snapshots.</summary>
internal static class RowMapper
{
    public static JobInstance ToInstance(JobInstanceRow row) => new(row.Id, row.JobName, row.JobKey) { Version = row.Version ?? 0 };

    public static JobParameters ToParameters(IEnumerable<JobParameterRow> rows) =>
        new(rows.Select(r => KeyValuePair.Create(r.KeyName, ParameterColumns.Read(r.TypeCode, r.KeyName, r.StringValue, r.Identifying))));

    public static BatchExecutionContext ToContext(ExecutionContextRow? row) => ContextColumns.Read(row?.ShortContext, row?.SerializedContext);

    public static JobExecution ToJobExecution(JobExecutionRow row, JobInstance instance, JobParameters parameters, ExecutionContextRow? context) =>
        new(instance, parameters, DbTime.FromDb(row.CreateTime))
        {
            Id = row.Id,
            Version = row.Version ?? 0,
            Status = BatchStatusExtensions.ParseCode(row.Status),
            ExitStatus = ToExitStatus(row.ExitCode, row.ExitMessage),
            StartTime = DbTime.FromDb(row.StartTime),
            EndTime = DbTime.FromDb(row.EndTime),
            LastUpdated = DbTime.FromDb(row.LastUpdated),
            ExecutionContext = ToContext(context),
        };

    public static StepExecution ToStepExecution(StepExecutionRow row, JobExecution jobExecution, ExecutionContextRow? context) =>
        new(row.StepName, jobExecution)
        {
            Id = row.Id,
            Version = row.Version,
            Status = BatchStatusExtensions.ParseCode(row.Status),
            ExitStatus = ToExitStatus(row.ExitCode, row.ExitMessage),
            StartTime = DbTime.FromDb(row.StartTime),
            EndTime = DbTime.FromDb(row.EndTime),
            LastUpdated = DbTime.FromDb(row.LastUpdated),
            ReadCount = row.ReadCount ?? 0,
            WriteCount = row.WriteCount ?? 0,
            FilterCount = row.FilterCount ?? 0,
            CommitCount = row.CommitCount ?? 0,
            RollbackCount = row.RollbackCount ?? 0,
            ReadSkipCount = row.ReadSkipCount ?? 0,
            ProcessSkipCount = row.ProcessSkipCount ?? 0,
            WriteSkipCount = row.WriteSkipCount ?? 0,
            ExecutionContext = ToContext(context),
        };

    private static ExitStatus ToExitStatus(string? code, string? message) =>
        string.IsNullOrWhiteSpace(code) ? ExitStatus.Unknown : new ExitStatus(code, message ?? string.Empty);
}
