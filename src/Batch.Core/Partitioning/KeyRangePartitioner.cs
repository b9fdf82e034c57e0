using System.Globalization;
using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>
/// Splits an inclusive key range <c>[min, max]</c> into contiguous ranges of (nearly) equal width, one per partition,
/// each with its bounds in its context under <see cref="MinKey"/> and <see cref="MaxKey"/> (inclusive). The number of
/// ranges is the step's grid size unless <see cref="Ranges"/> is set; an empty range (max below min) makes no partition.
/// Partitions are named <c>range0</c>, <c>range1</c>… (zero-padded so they sort).
/// </summary>
/// <example>
/// <code>
/// // bounds read when the step starts, e.g. SELECT MIN(ID), MAX(ID) FROM ORDERS
/// var byId = new KeyRangePartitioner((ctx, ct) =&gt; ReadBoundsAsync(ctx, ct)) { Ranges = 16 };
/// // the worker's reader: WHERE ID BETWEEN @min AND @max, with ctx.ExecutionContext.GetLong("minValue") / GetLong("maxValue")
/// </code>
/// </example>
public sealed class KeyRangePartitioner : IPartitioner
{
    private readonly Func<StepContext, CancellationToken, ValueTask<(long Min, long Max)>> _bounds;
    private readonly int? _ranges;

    /// <summary>Creates a partitioner over a fixed range.</summary>
    /// <param name="min">The first key (inclusive).</param>
    /// <param name="max">The last key (inclusive).</param>
    public KeyRangePartitioner(long min, long max)
    {
        _bounds = (_, _) => ValueTask.FromResult((min, max));
    }

    /// <summary>Creates a partitioner over a range read when the step starts.</summary>
    /// <param name="bounds">Reads the first and last key (inclusive).</param>
    public KeyRangePartitioner(Func<StepContext, CancellationToken, ValueTask<(long Min, long Max)>> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        _bounds = bounds;
    }

    /// <summary>The context key of a range's first key. Default <c>minValue</c>.</summary>
    public string MinKey { get; init; } = "minValue";

    /// <summary>The context key of a range's last key. Default <c>maxValue</c>.</summary>
    public string MaxKey { get; init; } = "maxValue";

    /// <summary>How many ranges to make, or null for the step's grid size.</summary>
    public int? Ranges
    {
        get => _ranges;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A key range is split into at least one range.");
            }

            _ranges = value;
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Partition>> PartitionAsync(StepContext context, int gridSize, CancellationToken cancellationToken)
    {
        var (min, max) = await _bounds(context, cancellationToken).ConfigureAwait(false);
        return Split(min, max, _ranges ?? Math.Max(1, gridSize));
    }

    private List<Partition> Split(long min, long max, int count)
    {
        var partitions = new List<Partition>();
        if (max < min)
        {
            return partitions;
        }

        // The width in UInt128 so that a range of the whole long domain does not overflow.
        var width = (UInt128)(max - (Int128)min) + 1;
        var parts = (UInt128)count > width ? (int)width : count;
        var digits = (parts - 1).ToString(CultureInfo.InvariantCulture).Length;
        var start = (Int128)min;
        for (var i = 0; i < parts; i++)
        {
            var size = (width / (UInt128)parts) + ((UInt128)i < width % (UInt128)parts ? 1u : 0u);
            var end = start + (Int128)size - 1;
            var partitionContext = new BatchExecutionContext();
            partitionContext.Put(MinKey, (long)start);
            partitionContext.Put(MaxKey, (long)end);
            partitions.Add(new Partition("range" + i.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0'), partitionContext));
            start = end + 1;
        }

        return partitions;
    }
}
