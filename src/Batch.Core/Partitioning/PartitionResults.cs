namespace Batch.Partitioning;

/// <summary>What the handler found when all partitions had ended.</summary>
/// <param name="Outcomes">How each partition ended, by partition name.</param>
/// <param name="Executions">Every step execution the partitions had in this job execution (a partition taken over from a dead worker has two).</param>
internal sealed record PartitionResults(IReadOnlyDictionary<string, PartitionOutcome> Outcomes, IReadOnlyList<StepExecution> Executions);

/// <summary>How one partition ended.</summary>
/// <param name="Status">COMPLETED, FAILED or STOPPED (STOPPED also when it never started because the step was stopped first).</param>
/// <param name="Message">Why it failed, or null.</param>
internal sealed record PartitionOutcome(BatchStatus Status, string? Message);
