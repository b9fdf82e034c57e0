namespace Batch.Infrastructure.Repository.Model;

/// <summary>A row of BATCH_STEP_EXECUTION.</summary>
internal sealed class StepExecutionRow
{
    public long Id { get; set; }

    public long Version { get; set; }

    public string StepName { get; set; } = string.Empty;

    public long JobExecutionId { get; set; }

    public DateTime? StartTime { get; set; }

    public DateTime? EndTime { get; set; }

    public string? Status { get; set; }

    public long? CommitCount { get; set; }

    public long? ReadCount { get; set; }

    public long? FilterCount { get; set; }

    public long? WriteCount { get; set; }

    public long? ReadSkipCount { get; set; }

    public long? WriteSkipCount { get; set; }

    public long? ProcessSkipCount { get; set; }

    public long? RollbackCount { get; set; }

    public string? ExitCode { get; set; }

    public string? ExitMessage { get; set; }

    public DateTime? LastUpdated { get; set; }
}
