namespace Batch.Partitioning;

/// <summary>Runs the partitions of one execution of a <see cref="PartitionStep"/>: on threads of this process, or through worker processes.</summary>
internal abstract class PartitionHandler
{
    /// <summary>True when the partitions run in other processes.</summary>
    public abstract bool IsRemote { get; }

    /// <summary>Runs the partitions and waits for all of them to end.</summary>
    /// <param name="run">The manager's execution and the partitions.</param>
    /// <param name="cancellationToken">Cancelled to stop: partitions stop at their next chunk boundary.</param>
    /// <returns>How each partition ended, and every step execution the partitions had in this job execution.</returns>
    public abstract Task<PartitionResults> RunAsync(PartitionRun run, CancellationToken cancellationToken);
}
