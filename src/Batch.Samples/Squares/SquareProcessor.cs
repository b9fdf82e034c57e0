using Batch.Items;

namespace Samples.Squares;

/// <summary>Squares a number. Fails on purpose at <c>failAt</c> (a non-identifying parameter) to show a restart.</summary>
internal sealed class SquareProcessor(long failAt) : IItemProcessor<long, Square>
{
    public ValueTask<ItemResult<Square>> ProcessAsync(long item, CancellationToken cancellationToken)
    {
        if (item == failAt)
        {
            throw new InvalidOperationException(
                $"Simulated failure at number {item} (parameter failAt). Run the same command without -failAt to restart from the last committed chunk.");
        }

        return new(new ItemResult<Square>(new Square(item, checked(item * item))));
    }
}
