using System.Globalization;
using Batch.Items;

namespace Batch.Benchmarks.Workloads;

/// <summary>Produces the lines <c>line 1,1</c> … deterministically; restartable from the count of lines the step consumed (<see cref="IItemCountRestartable"/>).</summary>
internal sealed class LineReader(int count) : IItemReader<string>, IItemStream, IItemCountRestartable
{
    private int _next;

    public static string Line(int n) => string.Create(CultureInfo.InvariantCulture, $"line {n},{(long)n * n}");

    public ValueTask<ItemResult<string>> ReadAsync(CancellationToken cancellationToken) =>
        _next < count ? new(new ItemResult<string>(Line(++_next))) : new(ItemResult<string>.None);

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        _next = 0;
        return ValueTask.CompletedTask;
    }

    /// <summary>Nothing per chunk: a restart resumes from the count the step hands over, so a checkpoint writes one row.</summary>
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask SkipConsumedAsync(long itemsConsumed, CancellationToken cancellationToken)
    {
        _next = (int)Math.Min(itemsConsumed, count);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
