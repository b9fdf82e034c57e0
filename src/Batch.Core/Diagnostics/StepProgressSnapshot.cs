namespace Batch.Diagnostics;

/// <summary>How far a running step execution of this process is, at the moment <see cref="RunningSteps.Snapshot"/> was called.</summary>
/// <param name="JobName">The job's name.</param>
/// <param name="JobExecutionId">The job execution's id.</param>
/// <param name="StepName">The step's name.</param>
/// <param name="StepExecutionId">The step execution's id.</param>
/// <param name="StartTime">When the step execution started.</param>
/// <param name="ItemsDone">Items consumed so far (read and skipped while reading, earlier executions of a restarted step included).</param>
/// <param name="ItemsExpected">The items the step expects in all, when it knows (<see cref="StepExecution.ExpectedItems"/>).</param>
/// <param name="ItemsPerSecond">The rate of this execution since it started, on the job's clock.</param>
/// <param name="ProjectedEnd">When the step ends at that rate, when its total is known and it has made progress.</param>
public sealed record StepProgressSnapshot(
    string JobName,
    long JobExecutionId,
    string StepName,
    long StepExecutionId,
    DateTimeOffset? StartTime,
    long ItemsDone,
    long? ItemsExpected,
    double ItemsPerSecond,
    DateTimeOffset? ProjectedEnd)
{
    /// <summary>The percentage done (0 to 100), when the total is known.</summary>
    public double? Percent => ItemsExpected is { } total ? total <= 0 ? 100 : Math.Min(100, 100.0 * ItemsDone / total) : null;
}
