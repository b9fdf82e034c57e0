using Batch.Listeners;

namespace Batch.Core.Tests.Support;

/// <summary>Records every item read.</summary>
internal sealed class ReadRecorder : IItemReadListener<int>
{
    private readonly List<int> _items = [];

    public IReadOnlyList<int> Items => _items;

    public void Clear() => _items.Clear();

    public ValueTask AfterReadAsync(int item, CancellationToken cancellationToken)
    {
        _items.Add(item);
        return ValueTask.CompletedTask;
    }
}
