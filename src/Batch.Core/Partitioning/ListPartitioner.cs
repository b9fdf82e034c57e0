using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>
/// One partition per value of a list — tables, files, connections — named after the value, with the value in its
/// context under <see cref="Key"/>. The list may be fixed or read when the step starts (from the job's parameters or a database).
/// </summary>
/// <example>
/// <code>
/// var byTable = new ListPartitioner("table", ["T_ORDER", "T_CUSTOMER"]);
/// // the worker's reader: ctx =&gt; new TableReader(ctx.ExecutionContext.GetString("table")!)
/// </code>
/// </example>
public sealed class ListPartitioner : IPartitioner
{
    private readonly Func<StepContext, CancellationToken, ValueTask<IEnumerable<string>>> _values;

    /// <summary>Creates a partitioner over a fixed list.</summary>
    /// <param name="key">The context key the value is put under.</param>
    /// <param name="values">The values; each becomes one partition.</param>
    public ListPartitioner(string key, IEnumerable<string> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(values);
        string[] fixedValues = [.. values];
        Key = key;
        _values = (_, _) => ValueTask.FromResult<IEnumerable<string>>(fixedValues);
    }

    /// <summary>Creates a partitioner over a list read when the step starts.</summary>
    /// <param name="key">The context key the value is put under.</param>
    /// <param name="values">Reads the values (for example the tables of a connection).</param>
    public ListPartitioner(string key, Func<StepContext, CancellationToken, ValueTask<IEnumerable<string>>> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(values);
        Key = key;
        _values = values;
    }

    /// <summary>The context key of the value.</summary>
    public string Key { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Partition>> PartitionAsync(StepContext context, int gridSize, CancellationToken cancellationToken)
    {
        var values = await _values(context, cancellationToken).ConfigureAwait(false);
        var partitions = new List<Partition>();
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new BatchException($"The list of partitions under '{Key}' has a blank value: every value names a partition. Remove it from the list.");
            }

            var partitionContext = new BatchExecutionContext();
            partitionContext.Put(Key, value);
            partitions.Add(new Partition(value, partitionContext));
        }

        return partitions;
    }
}
