using System.Globalization;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>
/// A step that splits its work into partitions (<see cref="IPartitioner"/>) and runs its worker step once per partition, each
/// run a step execution of its own — named <c>{workerStep}:{partition}</c>, with the partition's context, saved in the job
/// repository and restartable from its own last checkpoint like any step. Build it with
/// <see cref="PartitionStepBuilderExtensions.Partitioner(StepBuilder, IPartitioner)"/>.
/// </summary>
/// <remarks>
/// <para>Locally, up to <see cref="GridSize"/> partitions run at once on the thread pool; with
/// <see cref="PartitionStepBuilder.Remote"/>, worker processes claim them from the job repository.</para>
/// <para>This (manager) step's counts are the sums of its partitions' step executions in this job execution. It fails when any
/// partition fails, naming the failed partitions in its exit description, and stops when one stopped. The partitions of the
/// instance's first run are kept in this step's context, so a restart does not split again: it reruns the partitions that did not
/// complete (each from its own last committed chunk) and skips the completed ones.</para>
/// <para>Partitions of one job execution run concurrently: they must not change the job's shared context
/// (<see cref="StepContext.JobExecutionContext"/>), and the worker step's reader, processor and writer must be created per step
/// execution (the factory overloads of the chunk step builder do that), not shared.</para>
/// </remarks>
public sealed class PartitionStep : StepBase
{
    /// <summary>The manager's context key of the partition names of the instance's first run.</summary>
    public const string PartitionNamesKey = "batch.partition.names";

    /// <summary>The manager's context key of the partitions' initial contexts (serialized, in the order of <see cref="PartitionNamesKey"/>).</summary>
    public const string PartitionContextsKey = "batch.partition.contexts";

    private readonly PartitionHandler _handler;

    internal PartitionStep(string name, string prefix, IPartitioner partitioner, IStep workerStep, int gridSize, PartitionHandler handler, StepOptions options)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        ArgumentNullException.ThrowIfNull(workerStep);
        if (string.Equals(workerStep.Name, name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Partitioned step '{name}' and its worker step have the same name: give the worker step its own name.", nameof(workerStep));
        }

        WorkerStepNamePrefix = prefix;
        Partitioner = partitioner;
        WorkerStep = workerStep;
        GridSize = gridSize;
        _handler = handler;
    }

    /// <summary>The partitioner.</summary>
    public IPartitioner Partitioner { get; }

    /// <summary>The step each partition runs.</summary>
    public IStep WorkerStep { get; }

    /// <summary>The first part of the partitions' step execution names (<c>{prefix}:{partition}</c>).</summary>
    public string WorkerStepNamePrefix { get; }

    /// <summary>How many partitions run at once locally; the hint the partitioner gets.</summary>
    public int GridSize { get; }

    /// <summary>True when worker processes run the partitions (<see cref="PartitionStepBuilder.Remote"/>).</summary>
    public bool IsRemote => _handler.IsRemote;

    /// <summary>The step execution name of a partition: <c>{prefix}:{partition}</c>.</summary>
    /// <param name="partitionName">The partition's name.</param>
    /// <returns>The name.</returns>
    public string StepExecutionNameOf(string partitionName) => WorkerStepNamePrefix + ":" + partitionName;

    /// <inheritdoc />
    protected override async Task DoExecuteAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        ArgumentNullException.ThrowIfNull(context);
        var partitions = await RememberedOrSplitAsync(stepExecution, context, cancellationToken).ConfigureAwait(false);
        var results = await _handler.RunAsync(new PartitionRun(this, stepExecution, context, partitions), cancellationToken).ConfigureAwait(false);
        Aggregate(stepExecution, results.Executions);

        var failed = new List<string>();
        var stopped = new List<string>();
        string? firstMessage = null;
        foreach (var partition in partitions)
        {
            var outcome = results.Outcomes.GetValueOrDefault(partition.Name) ?? new PartitionOutcome(BatchStatus.Stopped, null);
            if (outcome.Status == BatchStatus.Completed)
            {
                continue;
            }

            if (outcome.Status == BatchStatus.Stopped)
            {
                stopped.Add(partition.Name);
                continue;
            }

            failed.Add(partition.Name);
            firstMessage ??= outcome.Message;
        }

        if (failed.Count > 0)
        {
            var alsoStopped = stopped.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({stopped.Count} stopped: {string.Join(", ", stopped)})") : string.Empty;
            var first = firstMessage is null ? string.Empty : " First failure: " + FirstLine(firstMessage);
            throw new BatchException(string.Create(CultureInfo.InvariantCulture,
                $"{failed.Count} of {partitions.Count} partitions of step '{Name}' failed: {string.Join(", ", failed)}{alsoStopped}. A restart reruns only the partitions that did not complete, each from its last committed chunk.{first}"));
        }

        if (stopped.Count > 0)
        {
            stepExecution.TerminateOnly = true;
            throw new OperationCanceledException(string.Create(CultureInfo.InvariantCulture,
                $"{stopped.Count} of {partitions.Count} partitions of step '{Name}' stopped: {string.Join(", ", stopped)}."));
        }
    }

    /// <summary>
    /// The partitions of the instance's first run, kept in this step's context; on a first run, the partitioner's split, saved in
    /// the context before any partition runs (so a crash after the split restarts the same partitions).
    /// </summary>
    private async Task<IReadOnlyList<Partition>> RememberedOrSplitAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        var saved = stepExecution.ExecutionContext;
        if (saved.TryGet<string[]>(PartitionNamesKey, out var names) && saved.TryGet<string[]>(PartitionContextsKey, out var contexts) && names.Length == contexts.Length)
        {
            return [.. names.Select((n, i) => new Partition(n, ExecutionContextSerializer.Deserialize(contexts[i])))];
        }

        var partitions = await Partitioner.PartitionAsync(context, GridSize, cancellationToken).ConfigureAwait(false)
            ?? throw new BatchException($"The partitioner of step '{Name}' returned no list; return an empty list when there is nothing to do.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partition in partitions)
        {
            if (string.IsNullOrWhiteSpace(partition.Name) || !seen.Add(partition.Name))
            {
                throw new BatchException($"The partitioner of step '{Name}' made a partition with a blank or repeated name ('{partition.Name}'): every partition needs a unique name.");
            }

            var stepName = StepExecutionNameOf(partition.Name);
            if (stepName.Length > BatchSchemaLimits.StepName)
            {
                throw new BatchException(string.Create(CultureInfo.InvariantCulture,
                    $"Partition '{partition.Name}' of step '{Name}' gives the step execution name '{stepName}', {stepName.Length} characters; a step name has at most " +
                    $"{BatchSchemaLimits.StepName} (the job repository's STEP_NAME column). Use shorter partition names or a shorter worker step name."));
            }
        }

        saved.Put(PartitionNamesKey, partitions.Select(p => p.Name).ToArray());
        saved.Put(PartitionContextsKey, partitions.Select(p => ExecutionContextSerializer.Serialize(p.Context)).ToArray());
        await context.Runtime.Repository.UpdateStepExecutionAsync(stepExecution, cancellationToken).ConfigureAwait(false);
        return partitions;
    }

    /// <summary>This step's counts: the sums of the partitions' step executions in this job execution.</summary>
    private static void Aggregate(StepExecution manager, IReadOnlyList<StepExecution> executions)
    {
        long read = 0, write = 0, filter = 0, commit = 0, rollback = 0, readSkip = 0, processSkip = 0, writeSkip = 0;
        foreach (var execution in executions)
        {
            read += execution.ReadCount;
            write += execution.WriteCount;
            filter += execution.FilterCount;
            commit += execution.CommitCount;
            rollback += execution.RollbackCount;
            readSkip += execution.ReadSkipCount;
            processSkip += execution.ProcessSkipCount;
            writeSkip += execution.WriteSkipCount;
        }

        Repository.PersistedState.SetCounts(manager, read, write, filter, commit, rollback, readSkip, processSkip, writeSkip);
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).Trim();
    }
}
