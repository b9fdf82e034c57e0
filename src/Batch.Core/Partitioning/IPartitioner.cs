using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>
/// Splits the work of a partitioned step into named partitions, each with the context its worker step starts from
/// (a key range, a file, a table). Called once per job instance: a restart reruns the partitions the first run made,
/// not a new split (see <see cref="PartitionStep"/>).
/// </summary>
/// <example>
/// <code>
/// IPartitioner byTable = new ListPartitioner("table", ["T_ORDER", "T_CUSTOMER", "T_ITEM"]);
/// IPartitioner byKey = new KeyRangePartitioner(1, 1_000_000); // gridSize ranges of minValue..maxValue
/// </code>
/// </example>
public interface IPartitioner
{
    /// <summary>Splits the work.</summary>
    /// <param name="context">The manager step's scope (its job parameters and services, to find out what to split).</param>
    /// <param name="gridSize">The step's grid size: how many partitions run at once, a hint for how many to make.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The partitions, with unique names.</returns>
    ValueTask<IReadOnlyList<Partition>> PartitionAsync(StepContext context, int gridSize, CancellationToken cancellationToken);
}
