namespace Batch.Partitioning;

/// <summary>One part of a partitioned step's work: its name (unique within the step) and the context its worker step starts from.</summary>
/// <param name="Name">The partition's name; its step execution is named <c>{workerStep}:{Name}</c>.</param>
/// <param name="Context">The context the worker step's first execution starts with (what its reader reads: a key range, a file, a table).</param>
public sealed record Partition(string Name, BatchExecutionContext Context)
{
    /// <summary>Creates a partition with an empty context.</summary>
    /// <param name="name">The partition's name.</param>
    public Partition(string name)
        : this(name, new BatchExecutionContext())
    {
    }
}
