namespace Batch.Repository;

public sealed partial class InMemoryJobRepository
{
    /// <summary>A stored job execution row.</summary>
    private sealed record StoredJobExecution(
        long Id, long Version, long JobInstanceId, JobParameters Parameters, BatchStatus Status, ExitStatus ExitStatus,
        DateTimeOffset CreateTime, DateTimeOffset? StartTime, DateTimeOffset? EndTime, DateTimeOffset? LastUpdated, string Context, List<long> StepIds)
    {
        public static StoredJobExecution From(JobExecution e, string context, List<long>? stepIds = null) =>
            new(e.Id, e.Version, e.JobInstance.Id, e.JobParameters, e.Status, e.ExitStatus, e.CreateTime, e.StartTime, e.EndTime, e.LastUpdated, context, stepIds ?? []);
    }

    /// <summary>A stored step execution row.</summary>
    private sealed record StoredStepExecution(
        long Id, long Version, long JobExecutionId, string StepName, BatchStatus Status, ExitStatus ExitStatus,
        DateTimeOffset? StartTime, DateTimeOffset? EndTime, DateTimeOffset? LastUpdated,
        long ReadCount, long WriteCount, long FilterCount, long CommitCount, long RollbackCount,
        long ReadSkipCount, long ProcessSkipCount, long WriteSkipCount, string Context)
    {
        public static StoredStepExecution From(StepExecution s, string context, long? version = null) =>
            new(s.Id, version ?? s.Version, s.JobExecution.Id, s.StepName, s.Status, s.ExitStatus, s.StartTime, s.EndTime, s.LastUpdated,
                s.ReadCount, s.WriteCount, s.FilterCount, s.CommitCount, s.RollbackCount, s.ReadSkipCount, s.ProcessSkipCount, s.WriteSkipCount, context);
    }
}
