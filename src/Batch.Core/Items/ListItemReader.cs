namespace Batch.Items;

/// <summary>
/// Reads the items of a list in order. Restartable: it saves how many items it has handed out in the
/// step's context (under <c>{name}.read.count</c>) and resumes after them on restart.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ListItemReader<T> : IItemReader<T>, IItemStream
{
    private readonly IReadOnlyList<T> _items;
    private readonly string _positionKey;
    private int _position;

    /// <summary>Creates the reader.</summary>
    /// <param name="items">The items.</param>
    /// <param name="name">The name its position is saved under (unique within the step).</param>
    public ListItemReader(IReadOnlyList<T> items, string name = "list.reader")
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _items = items;
        _positionKey = name + ".read.count";
    }

    /// <summary>How many items were handed out (including those restored from the context).</summary>
    public int Position => _position;

    /// <inheritdoc />
    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken) =>
        _position < _items.Count ? new(new ItemResult<T>(_items[_position++])) : new(ItemResult<T>.None);

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        _position = (int)executionContext.GetLong(_positionKey, 0);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        executionContext.Put(_positionKey, (long)_position);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
