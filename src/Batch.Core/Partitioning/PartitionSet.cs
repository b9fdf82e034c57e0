namespace Batch.Partitioning;

/// <summary>The partitions a manager step execution hands to workers.</summary>
/// <param name="JobExecutionId">The job execution the partitions' step executions belong to.</param>
/// <param name="JobName">The job's name (a worker resolves the job from its registry by it).</param>
/// <param name="StepName">The manager step's name.</param>
/// <param name="WorkerStepName">The worker step's name (a worker finds the step in the job by it).</param>
/// <param name="Partitions">The partitions.</param>
public sealed record PartitionSet(long JobExecutionId, string JobName, string StepName, string WorkerStepName, IReadOnlyList<PartitionWork> Partitions);

/// <summary>One partition as it waits for a worker.</summary>
/// <param name="Name">The partition's name.</param>
/// <param name="StepExecutionName">The name of its step execution (<c>{worker}:{partition}</c>).</param>
/// <param name="Context">The context its first run starts with, serialized (<see cref="ExecutionContextSerializer"/>).</param>
public sealed record PartitionWork(string Name, string StepExecutionName, string Context);

/// <summary>A worker's claim on a partition.</summary>
/// <param name="Id">The queue's id of the partition.</param>
/// <param name="JobExecutionId">The job execution.</param>
/// <param name="JobName">The job's name.</param>
/// <param name="StepName">The manager step's name.</param>
/// <param name="WorkerStepName">The worker step's name.</param>
/// <param name="PartitionName">The partition's name.</param>
/// <param name="StepExecutionName">The name of the partition's step execution.</param>
/// <param name="Context">The partition's initial context, serialized.</param>
/// <param name="Owner">The worker holding the claim.</param>
/// <param name="Attempt">How many times the partition has been claimed, this claim included (identifies the claim).</param>
/// <param name="PreviousOwner">The worker whose lease ran out when this claim took the partition over, or null.</param>
public sealed record PartitionClaim(
    long Id, long JobExecutionId, string JobName, string StepName, string WorkerStepName, string PartitionName, string StepExecutionName, string Context,
    string Owner, int Attempt, string? PreviousOwner)
{
    /// <summary>True when this claim took the partition over from a worker whose lease ran out.</summary>
    public bool IsTakeover => PreviousOwner is not null;
}

/// <summary>Counts of a partition's running step execution, reported with each lease renewal.</summary>
/// <param name="ReadCount">Items read.</param>
/// <param name="WriteCount">Items written.</param>
public readonly record struct PartitionProgress(long ReadCount, long WriteCount);

/// <summary>Where a partition is.</summary>
public enum PartitionStatus
{
    /// <summary>Waiting for a worker.</summary>
    Waiting,

    /// <summary>Claimed by a worker (running, or its lease ran out and it waits to be taken over).</summary>
    Claimed,

    /// <summary>Ended COMPLETED.</summary>
    Completed,

    /// <summary>Ended FAILED.</summary>
    Failed,

    /// <summary>Ended STOPPED (or never started because the step was stopped first).</summary>
    Stopped,
}

/// <summary>The outcome of a lease renewal.</summary>
public enum LeaseRenewal
{
    /// <summary>Renewed: carry on.</summary>
    Renewed,

    /// <summary>Renewed, and the manager asks the partition to stop at its next chunk boundary.</summary>
    StopRequested,

    /// <summary>Lost: another worker took the partition over (this worker's lease ran out); stop working on it.</summary>
    Lost,
}

/// <summary>A partition as the manager sees it.</summary>
/// <param name="Name">The partition's name.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Owner">The worker holding or last holding it, or null.</param>
/// <param name="LeaseExpired">True when it is claimed and its lease ran out.</param>
/// <param name="Attempts">How many times it was claimed.</param>
/// <param name="Progress">The counts its worker last reported.</param>
/// <param name="Message">Why it failed, or null.</param>
public sealed record PartitionState(string Name, PartitionStatus Status, string? Owner, bool LeaseExpired, int Attempts, PartitionProgress Progress, string? Message)
{
    /// <summary>True once the partition ended (completed, failed or stopped).</summary>
    public bool HasEnded => Status is PartitionStatus.Completed or PartitionStatus.Failed or PartitionStatus.Stopped;
}
