namespace Batch.Infrastructure.Repository.Model;

/// <summary>A row of BATCH_JOB_EXECUTION_PARAMS (the table has no key, as in Spring Batch).</summary>
internal sealed class JobParameterRow
{
    public long JobExecutionId { get; set; }

    public string TypeCode { get; set; } = string.Empty;

    public string KeyName { get; set; } = string.Empty;

    public string? StringValue { get; set; }

    public DateTime? DateValue { get; set; }

    public long? LongValue { get; set; }

    public double? DoubleValue { get; set; }

    public string Identifying { get; set; } = "Y";
}
