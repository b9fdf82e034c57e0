namespace Batch.Infrastructure.Repository.Model;

/// <summary>A row of BATCH_JOB_INSTANCE.</summary>
internal sealed class JobInstanceRow
{
    public long Id { get; set; }

    public long? Version { get; set; }

    public string JobName { get; set; } = string.Empty;

    public string JobKey { get; set; } = string.Empty;
}
