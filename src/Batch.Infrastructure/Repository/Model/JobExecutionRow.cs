namespace Batch.Infrastructure.Repository.Model;

/// <summary>A row of BATCH_JOB_EXECUTION.</summary>
internal sealed class JobExecutionRow
{
    public long Id { get; set; }

    public long? Version { get; set; }

    public long JobInstanceId { get; set; }

    public DateTime CreateTime { get; set; }

    public DateTime? StartTime { get; set; }

    public DateTime? EndTime { get; set; }

    public string? Status { get; set; }

    public string? ExitCode { get; set; }

    public string? ExitMessage { get; set; }

    public DateTime? LastUpdated { get; set; }
}
