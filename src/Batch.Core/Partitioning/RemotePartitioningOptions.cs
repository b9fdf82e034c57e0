namespace Batch.Partitioning;

/// <summary>How the manager of a remote partitioned step waits for its workers (<see cref="PartitionStepBuilder.Remote"/>).</summary>
public sealed class RemotePartitioningOptions
{
    /// <summary>How often the manager reads the partitions' state while it waits. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the manager logs progress across all partitions (done, running, waiting, items). Default 10 seconds.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RemotePartitioningOptions.PollInterval is {PollInterval}; it must be positive.");
        }

        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RemotePartitioningOptions.ProgressInterval is {ProgressInterval}; it must be positive.");
        }
    }
}
