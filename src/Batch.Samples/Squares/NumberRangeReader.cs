using Batch.Model;
using Batch.Items;

namespace Samples.Squares;

/// <summary>Reads the numbers 1..count. Restartable: it saves the last number read in the step context.</summary>
internal sealed class NumberRangeReader(long count) : IItemReader<long>, IItemStream
{
    private const string PositionKey = "numbers.last";
    private long _last;

    public ValueTask<ItemResult<long>> ReadAsync(CancellationToken cancellationToken) =>
        _last < count ? new(new ItemResult<long>(++_last)) : new(ItemResult<long>.None);

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        _last = executionContext.GetLong(PositionKey, 0);
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        executionContext.Put(PositionKey, _last);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
