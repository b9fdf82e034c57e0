namespace Samples.Collector.Results;

/// <summary>The final result of one registered table for a base time (a row of T_BATCH_RESULT_0003).</summary>
public sealed record TableResult(
    string ConnectionNumber, string TableName, string Result, long? SourceRows, long? LakeRows, long? TargetRows, string? Checksum, int Attempts,
    string? Message, DateTime? StartedAt, DateTime? EndedAt);
