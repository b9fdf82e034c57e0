namespace Batch.Partitioning;

/// <summary>
/// Where a remote partitioned step's partitions wait for workers, and how workers claim them under a lease: the SPI between the
/// manager (<see cref="PartitionStepBuilder.Remote"/>) and the <see cref="PartitionWorker"/>s. The PostgreSQL implementation
/// (Batch.Infrastructure) keeps them in a table of the job repository, claimed with <c>FOR UPDATE SKIP LOCKED</c> and announced
/// with <c>NOTIFY</c>; <see cref="InMemoryPartitionQueue"/> serves one process and tests.
/// </summary>
/// <remarks>
/// A claim holds a lease until it is renewed, completed or released. A claim whose lease ran out (its worker died or stalled) can be
/// claimed again by another worker: the new claim names the previous owner (<see cref="PartitionClaim.PreviousOwner"/>), and from
/// then on the old claim's renewals and completion are refused, so at most one worker acts for a partition.
/// </remarks>
public interface IPartitionQueue
{
    /// <summary>Adds the partitions of one manager step execution (a partition already there is left as it is) and wakes waiting workers.</summary>
    /// <param name="partitions">The partitions.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask EnqueueAsync(PartitionSet partitions, CancellationToken cancellationToken);

    /// <summary>
    /// Claims one partition for <paramref name="owner"/>: a waiting one, or one whose lease ran out (taken over from its previous
    /// owner). Partitions whose stop was requested are not claimed.
    /// </summary>
    /// <param name="owner">The worker's id.</param>
    /// <param name="lease">How long the claim holds without a renewal.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The claim, or null when no partition is available.</returns>
    ValueTask<PartitionClaim?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends a claim's lease and records the partition's progress.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="lease">How long the claim holds from now.</param>
    /// <param name="progress">The counts of the partition's running step execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Whether the lease was renewed, renewed with a stop request, or lost to another worker.</returns>
    ValueTask<LeaseRenewal> RenewAsync(PartitionClaim claim, TimeSpan lease, PartitionProgress progress, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a claim: the partition ended (<see cref="PartitionStatus.Completed"/>, <see cref="PartitionStatus.Failed"/>,
    /// <see cref="PartitionStatus.Stopped"/>), or is given back to wait for another worker (<see cref="PartitionStatus.Waiting"/>,
    /// when its worker shuts down).
    /// </summary>
    /// <param name="claim">The claim.</param>
    /// <param name="status">How the partition ended, or <see cref="PartitionStatus.Waiting"/> to release it.</param>
    /// <param name="progress">The final counts.</param>
    /// <param name="message">Why it failed, or null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>False when the claim had been lost to another worker (nothing was changed).</returns>
    ValueTask<bool> CompleteAsync(PartitionClaim claim, PartitionStatus status, PartitionProgress progress, string? message, CancellationToken cancellationToken);

    /// <summary>Stops the partitions of a manager step execution: waiting ones end STOPPED, claimed ones get a stop request at their next renewal.</summary>
    /// <param name="jobExecutionId">The job execution.</param>
    /// <param name="stepName">The manager step's name.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask RequestStopAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken);

    /// <summary>The partitions of a manager step execution and their state.</summary>
    /// <param name="jobExecutionId">The job execution.</param>
    /// <param name="stepName">The manager step's name.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The partitions.</returns>
    ValueTask<IReadOnlyList<PartitionState>> GetPartitionsAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken);

    /// <summary>Removes the partitions of a manager step execution that has ended (their step executions stay in the job repository).</summary>
    /// <param name="jobExecutionId">The job execution.</param>
    /// <param name="stepName">The manager step's name.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask DeleteAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken);

    /// <summary>Waits until partitions may have been added (a notification), or <paramref name="timeout"/> passed, whichever comes first.</summary>
    /// <param name="timeout">The longest wait (the polling fallback).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
