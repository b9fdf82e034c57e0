using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>Adds <see cref="Partitioner(StepBuilder, IPartitioner)"/> to <see cref="StepBuilder"/>: a step that splits its work into partitions.</summary>
public static class PartitionStepBuilderExtensions
{
    /// <summary>
    /// Builds a partitioned step (see <see cref="PartitionStep"/>) whose partitions' step executions are named after the worker step:
    /// <c>{workerStep}:{partition}</c>.
    /// </summary>
    /// <param name="builder">The step builder (the manager step's name).</param>
    /// <param name="partitioner">Splits the work.</param>
    /// <returns>The partition step builder; give it the worker step with <see cref="PartitionStepBuilder.Step"/>.</returns>
    public static PartitionStepBuilder Partitioner(this StepBuilder builder, IPartitioner partitioner)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(partitioner);
        return new PartitionStepBuilder(builder, null, partitioner);
    }

    /// <summary>
    /// Builds a partitioned step (see <see cref="PartitionStep"/>) whose partitions' step executions are named
    /// <c>{workerStepName}:{partition}</c>.
    /// </summary>
    /// <param name="builder">The step builder (the manager step's name).</param>
    /// <param name="workerStepName">The first part of the partitions' step execution names (their restart history).</param>
    /// <param name="partitioner">Splits the work.</param>
    /// <returns>The partition step builder; give it the worker step with <see cref="PartitionStepBuilder.Step"/>.</returns>
    public static PartitionStepBuilder Partitioner(this StepBuilder builder, string workerStepName, IPartitioner partitioner)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(workerStepName);
        ArgumentNullException.ThrowIfNull(partitioner);
        return new PartitionStepBuilder(builder, workerStepName, partitioner);
    }
}
