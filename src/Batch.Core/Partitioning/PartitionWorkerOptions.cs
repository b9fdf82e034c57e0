namespace Batch.Partitioning;

/// <summary>How a <see cref="PartitionWorker"/> (the <c>worker</c> command) claims and runs partitions.</summary>
public sealed class PartitionWorkerOptions
{
    /// <summary>
    /// How long a claim holds without a renewal: when a worker dies, another takes its partition over once this has passed since
    /// its last renewal. Default 30 seconds. Shorter means faster takeover and more renewals.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running partition's lease is renewed (with its progress); null for a third of <see cref="LeaseDuration"/>.</summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>
    /// How long an idle worker waits for a notification before it looks for partitions again (the fallback when a notification is
    /// missed, and how leases that ran out are noticed). Default 5 seconds.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many partitions one worker process runs at once. Default 1.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>Ends the worker when it found no partition for this long; null (the default) to run until stopped.</summary>
    public TimeSpan? ExitWhenIdleFor { get; set; }

    /// <summary>The worker's id in claims (<c>OWNER</c>); null for <c>{machine}:{process id}:{random}</c>.</summary>
    public string? WorkerId { get; set; }

    /// <summary>The effective renewal interval.</summary>
    internal TimeSpan EffectiveRenewInterval => RenewInterval ?? LeaseDuration / 3;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (LeaseDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"PartitionWorkerOptions.LeaseDuration is {LeaseDuration}; it must be positive.");
        }

        if (EffectiveRenewInterval <= TimeSpan.Zero || EffectiveRenewInterval >= LeaseDuration)
        {
            throw new ArgumentException(
                $"PartitionWorkerOptions.RenewInterval is {EffectiveRenewInterval}; it must be positive and shorter than LeaseDuration ({LeaseDuration}), or the lease runs out while the worker is alive.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"PartitionWorkerOptions.PollInterval is {PollInterval}; it must be positive.");
        }

        if (Concurrency < 1)
        {
            throw new ArgumentException($"PartitionWorkerOptions.Concurrency is {Concurrency}; it must be at least 1.");
        }

        if (ExitWhenIdleFor is { } idle && idle <= TimeSpan.Zero)
        {
            throw new ArgumentException($"PartitionWorkerOptions.ExitWhenIdleFor is {idle}; it must be positive, or null to run until stopped.");
        }
    }
}
