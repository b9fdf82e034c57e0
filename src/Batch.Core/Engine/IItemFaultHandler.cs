using Batch.Items;

namespace Batch.Engine;

/// <summary>
/// How a fault-tolerant step handles failures while a chunk is filled (<see cref="ChunkFiller{TIn, TOut}"/>): which
/// exceptions are skipped, how a skip is recorded, and processing with retry.
/// </summary>
internal interface IItemFaultHandler<TIn, TOut>
{
    /// <summary>Whether the failure may be skipped (must not throw: it runs in an exception filter).</summary>
    bool IsSkippable(Exception exception);

    /// <summary>Records a skipped read; throws <see cref="SkipLimitExceededException"/> past the limit.</summary>
    void SkipRead(Exception exception);

    /// <summary>Records a skipped item that could not be processed; throws <see cref="SkipLimitExceededException"/> past the limit.</summary>
    void SkipProcess(Exception exception, TIn item);

    /// <summary>Processes an item, retrying as the policy says.</summary>
    ValueTask<ItemResult<TOut>> ProcessAsync(IItemProcessor<TIn, TOut> processor, TIn item, CancellationToken cancellationToken);
}
