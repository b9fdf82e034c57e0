using Batch.Items;

namespace Batch.Dashboard.Tests.Support;

/// <summary>Lets a test decide how many items a <see cref="GatedReader"/> may read: each item waits for one release.</summary>
public sealed class ItemGate : IDisposable
{
    private readonly SemaphoreSlim _items = new(0);

    public void Release(int items) => _items.Release(items);

    public Task WaitAsync(CancellationToken cancellationToken) => _items.WaitAsync(cancellationToken);

    public void Dispose() => _items.Dispose();
}

/// <summary>Reads 1..total, each item only after the test released it through the gate.</summary>
public sealed class GatedReader(ItemGate gate, int total) : IItemReader<int>
{
    private int _next;

    public async ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken)
    {
        if (_next >= total)
        {
            return ItemResult<int>.None;
        }

        await gate.WaitAsync(cancellationToken);
        return ++_next;
    }
}
