using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>One execution of a partitioned step, as its handler sees it.</summary>
/// <param name="Step">The partitioned step.</param>
/// <param name="Manager">The manager's step execution.</param>
/// <param name="Context">The manager's scope (runtime, services).</param>
/// <param name="Partitions">The partitions (those of the instance's first run on a restart).</param>
internal sealed record PartitionRun(PartitionStep Step, StepExecution Manager, StepContext Context, IReadOnlyList<Partition> Partitions)
{
    /// <summary>The step execution name of a partition.</summary>
    public string StepNameOf(Partition partition) => Step.StepExecutionNameOf(partition.Name);
}
