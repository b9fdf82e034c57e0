namespace Batch.Repository;

/// <summary>What a restart needs to know of a step within one instance.</summary>
/// <param name="LastExecution">The last execution of the step in the instance, with its context; null when it never ran.</param>
/// <param name="StartCount">How many times the step was started in the instance.</param>
public readonly record struct StepHistory(StepExecution? LastExecution, int StartCount);
