namespace Samples.Collector.Rules;

/// <summary>A row of T_BATCH_STATUS_0001: where one table of a base time stands.</summary>
public sealed record StatusRow(
    string BaseTime, string MethodCode, string ConnectionNumber, string TableName, string Status, int Attempts, long JobExecutionId,
    long? SourceRows, long? LakeRows, long? TargetRows, string? Checksum, string? Message, DateTime StartedAt, DateTime? EndedAt);
