using Batch.Items;

namespace Samples.Pass;

/// <summary>Passes items through, and fails on purpose at the item whose id is the job parameter <c>failAt</c> (to show a restart).</summary>
internal sealed class FailAtProcessor<T>(long? failAt, Func<T, long> idOf, string what) : IItemProcessor<T, T>
{
    public ValueTask<ItemResult<T>> ProcessAsync(T item, CancellationToken cancellationToken)
    {
        if (failAt is { } id && idOf(item) == id)
        {
            throw new InvalidOperationException(
                $"Simulated failure at {what} {id} (parameter failAt). Run the same command without -failAt to restart from the last committed chunk.");
        }

        return new(new ItemResult<T>(item));
    }
}
