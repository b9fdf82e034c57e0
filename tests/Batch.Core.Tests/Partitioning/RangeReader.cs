using Batch.Items;

namespace Batch.Core.Tests.Partitioning;

/// <summary>Reads the keys minValue..maxValue of its partition's context, restartable from the last committed key.</summary>
internal sealed class RangeReader(long min, long max) : IItemReader<int>, IItemStream
{
    private long _next;

    public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_next > max ? ItemResult<int>.None : ItemResult<int>.Of((int)_next++));

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        _next = executionContext.GetLong("range.next", min);
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        executionContext.Put("range.next", _next);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
