using System.Globalization;
using Batch.Items;

namespace Batch.Benchmarks.Workloads;

/// <summary>Produces the lines <c>line 1,1</c> … deterministically; restartable through its position.</summary>
internal sealed class LineReader(int count) : IItemReader<string>, IItemStream
{
    private int _next;

    public static string Line(int n) => string.Create(CultureInfo.InvariantCulture, $"line {n},{(long)n * n}");

    public ValueTask<ItemResult<string>> ReadAsync(CancellationToken cancellationToken) =>
        _next < count ? new(new ItemResult<string>(Line(++_next))) : new(ItemResult<string>.None);

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        _next = (int)executionContext.GetLong("lines.read", 0);
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        executionContext.Put("lines.read", (long)_next);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
