using Batch.Items;

namespace Batch.Core.Tests.Support;

/// <summary>
/// A writer that behaves like a transactional batch insert: a chunk is written whole or not at all. It can
/// refuse chunks holding a poisoned item and fail its first calls with a transient fault.
/// </summary>
internal sealed class AtomicWriter : IItemWriter<int>
{
    private readonly List<int> _written = [];

    public IReadOnlyList<int> Written => _written;

    /// <summary>Items that make any chunk holding them fail with <see cref="PoisonedItemException"/>.</summary>
    public ISet<int> Poisoned { get; } = new HashSet<int>();

    /// <summary>How many of the next calls fail with a <see cref="TimeoutException"/> before one succeeds.</summary>
    public int TransientFailures { get; set; }

    /// <summary>Throw this (once) instead of writing, after writing nothing.</summary>
    public Exception? FailNextWith { get; set; }

    public int Calls { get; private set; }

    public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
    {
        Calls++;
        if (TransientFailures > 0)
        {
            TransientFailures--;
            throw new TimeoutException("The database did not answer in time.");
        }

        if (FailNextWith is { } failure)
        {
            FailNextWith = null;
            throw failure;
        }

        foreach (var item in chunk)
        {
            if (Poisoned.Contains(item))
            {
                throw new PoisonedItemException(item);
            }
        }

        foreach (var item in chunk)
        {
            _written.Add(item);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A business error for one bad item.</summary>
internal sealed class PoisonedItemException(int item)
    : BusinessException($"Item {item} violates a business rule.", $"Correct item {item} at the source and rerun.")
{
    public int Item { get; } = item;
}
