namespace Batch.Repository;

public sealed partial class InMemoryJobRepository
{
    /// <summary>A stored job execution row.</summary>
    private sealed record StoredJobExecution(
        long Id, long Version, long JobInstanceId, JobParameters Parameters, BatchStatus Status, ExitStatus ExitStatus,
        DateTimeOffset CreateTime, DateTimeOffset? StartTime, DateTimeOffset? EndTime, DateTimeOffset? LastUpdated, StoredContext Context, List<long> StepIds)
    {
        public static StoredJobExecution From(JobExecution e, StoredContext context, List<long>? stepIds = null) =>
            new(e.Id, e.Version, e.JobInstance.Id, e.JobParameters, e.Status, e.ExitStatus, e.CreateTime, e.StartTime, e.EndTime, e.LastUpdated, context, stepIds ?? []);
    }

    /// <summary>A stored step execution row. Saves overwrite it in place, under the repository's lock; reads copy it out under the lock.</summary>
    private sealed class StoredStepExecution(long id, long jobExecutionId, string stepName)
    {
        public long Id { get; } = id;

        public long JobExecutionId { get; } = jobExecutionId;

        public string StepName { get; } = stepName;

        public long Version { get; private set; }

        public BatchStatus Status { get; private set; }

        public ExitStatus ExitStatus { get; private set; } = ExitStatus.Unknown;

        public DateTimeOffset? StartTime { get; private set; }

        public DateTimeOffset? EndTime { get; private set; }

        public DateTimeOffset? LastUpdated { get; private set; }

        public long ReadCount { get; private set; }

        public long WriteCount { get; private set; }

        public long FilterCount { get; private set; }

        public long CommitCount { get; private set; }

        public long RollbackCount { get; private set; }

        public long ReadSkipCount { get; private set; }

        public long ProcessSkipCount { get; private set; }

        public long WriteSkipCount { get; private set; }

        public StoredContext Context { get; private set; } = StoredContext.Empty;

        public static StoredStepExecution From(StepExecution s, StoredContext context)
        {
            var stored = new StoredStepExecution(s.Id, s.JobExecution.Id, s.StepName);
            stored.Save(s, context, s.Version);
            return stored;
        }

        /// <summary>Overwrites the row with the step execution's state.</summary>
        public void Save(StepExecution s, StoredContext context, long version)
        {
            Version = version;
            Status = s.Status;
            ExitStatus = s.ExitStatus;
            StartTime = s.StartTime;
            EndTime = s.EndTime;
            LastUpdated = s.LastUpdated;
            ReadCount = s.ReadCount;
            WriteCount = s.WriteCount;
            FilterCount = s.FilterCount;
            CommitCount = s.CommitCount;
            RollbackCount = s.RollbackCount;
            ReadSkipCount = s.ReadSkipCount;
            ProcessSkipCount = s.ProcessSkipCount;
            WriteSkipCount = s.WriteSkipCount;
            Context = context;
        }
    }
}
