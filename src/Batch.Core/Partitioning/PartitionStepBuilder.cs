using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>Builds a <see cref="PartitionStep"/>: the partitioner, the worker step, the grid size and where partitions run.</summary>
/// <example>
/// <code>
/// IStep load = new StepBuilder("load")
///     .Partitioner("loadTable", new ListPartitioner("table", tables))
///     .Step(loadTableStep)        // a normal chunk step; its reader reads ctx.ExecutionContext.GetString("table")
///     .GridSize(4)                // four tables at once, on threads of this process
///     .Build();
///
/// IStep spread = new StepBuilder("load")
///     .Partitioner(new KeyRangePartitioner(1, 10_000_000) { Ranges = 64 })
///     .Step(loadRangeStep)
///     .Remote()                   // run by `worker` processes through the PostgreSQL job repository
///     .Build();
/// </code>
/// </example>
public sealed class PartitionStepBuilder : StepBuilderBase<PartitionStepBuilder>
{
    private readonly string? _prefix;
    private readonly IPartitioner _partitioner;
    private IStep? _workerStep;
    private int _gridSize = Environment.ProcessorCount;
    private RemotePartitioningOptions? _remote;

    internal PartitionStepBuilder(StepBuilder parent, string? prefix, IPartitioner partitioner)
        : base(parent)
    {
        _prefix = prefix;
        _partitioner = partitioner;
    }

    /// <summary>The step each partition runs (with the partition's context): usually a chunk step, built as any other.</summary>
    /// <param name="workerStep">The worker step.</param>
    /// <returns>This builder.</returns>
    public PartitionStepBuilder Step(IStep workerStep)
    {
        ArgumentNullException.ThrowIfNull(workerStep);
        _workerStep = workerStep;
        return this;
    }

    /// <summary>
    /// How many partitions run at once on this process (the local handler), and the hint the partitioner gets for how many to
    /// make. Default: the number of processors. With <see cref="Remote"/>, only the hint: the workers' number and concurrency decide.
    /// </summary>
    /// <param name="gridSize">At least 1.</param>
    /// <returns>This builder.</returns>
    public PartitionStepBuilder GridSize(int gridSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 1);
        _gridSize = gridSize;
        return this;
    }

    /// <summary>
    /// Runs the partitions in <c>worker</c> processes of the same application instead of on this process's threads: the step writes
    /// them into the job repository, workers claim and run them, and the step waits for all to end (see <see cref="RemotePartitioningOptions"/>).
    /// Needs a partition queue: with the PostgreSQL job repository, <c>batch.UsePostgres(...).AddRemotePartitioning()</c>. SQLite and the
    /// in-memory repository have none (use the local handler there).
    /// </summary>
    /// <param name="configure">Adjusts the manager's polling and progress settings.</param>
    /// <returns>This builder.</returns>
    public PartitionStepBuilder Remote(Action<RemotePartitioningOptions>? configure = null)
    {
        var options = new RemotePartitioningOptions();
        configure?.Invoke(options);
        options.Validate();
        _remote = options;
        return this;
    }

    /// <summary>Builds the step.</summary>
    /// <returns>The step.</returns>
    /// <exception cref="InvalidOperationException">No worker step was given.</exception>
    public PartitionStep Build()
    {
        var worker = _workerStep ?? throw new InvalidOperationException(
            $"Partitioned step '{Parent.Name}' has no worker step: call .Step(workerStep) on its builder.");
        PartitionHandler handler = _remote is null ? new LocalPartitionHandler() : new RemotePartitionHandler(_remote);
        return new PartitionStep(Parent.Name, _prefix ?? worker.Name, _partitioner, worker, _gridSize, handler, Parent.Options);
    }
}
