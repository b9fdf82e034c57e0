namespace Batch.Infrastructure.Repository.Model;

/// <summary>A row of BATCH_JOB_EXECUTION_CONTEXT or BATCH_STEP_EXECUTION_CONTEXT (both have this shape).</summary>
internal sealed class ExecutionContextRow
{
    public long Id { get; set; }

    public string ShortContext { get; set; } = string.Empty;

    public string? SerializedContext { get; set; }
}
