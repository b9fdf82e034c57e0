using Batch.Items;

namespace Samples.Pass;

/// <summary>
/// Turns an attended booking into the session to take off its pass. Run with <c>ProcessConcurrently</c> (seed 003's AsyncItemProcessor):
/// a processor that waits on something per item (a pricing or membership service) would overlap those waits here; the writer still
/// gets the chunk in read order. Fails on purpose at the booking <c>failAt</c>.
/// </summary>
internal sealed class UsePassProcessor(long? failAt) : IItemProcessor<Booking, PassUse>
{
    public ValueTask<ItemResult<PassUse>> ProcessAsync(Booking item, CancellationToken cancellationToken)
    {
        if (failAt == item.Id)
        {
            throw new InvalidOperationException(
                $"Simulated failure at booking {item.Id} (parameter failAt). Run the same command without -failAt to restart from the last committed chunk.");
        }

        return new(new ItemResult<PassUse>(new PassUse(item.Id, item.PassId)));
    }
}
