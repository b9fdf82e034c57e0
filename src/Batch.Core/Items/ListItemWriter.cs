namespace Batch.Items;

/// <summary>Collects the items written, in order (thread-safe). Handy in tests and small jobs; not transactional.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ListItemWriter<T> : IItemWriter<T>
{
    private readonly List<T> _written = [];
    private readonly Lock _lock = new();

    /// <summary>A copy of the items written so far.</summary>
    public IReadOnlyList<T> Written
    {
        get
        {
            lock (_lock)
            {
                return [.. _written];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (_lock)
        {
            foreach (var item in chunk)
            {
                _written.Add(item);
            }
        }

        return ValueTask.CompletedTask;
    }
}
