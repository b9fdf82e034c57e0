namespace Batch.Items.Composite;

/// <summary>
/// A chain of processors of one type, called in order; the first that filters an item (returns
/// <see cref="ItemResult{T}.None"/>) stops the chain and the item is filtered. For stages that change the type, use
/// <see cref="ChainedItemProcessor{TIn, TMid, TOut}"/> or <see cref="ItemProcessorChain.Then{TIn, TMid, TOut}"/>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <example>
/// <code>
/// .Processor(new CompositeItemProcessor&lt;Order&gt;(trim, new ValidatingItemProcessor&lt;Order&gt;(), enrich))
/// </code>
/// </example>
public sealed class CompositeItemProcessor<T> : IItemProcessor<T, T>, IDelegatingItemComponent
{
    private readonly IItemProcessor<T, T>[] _processors;

    /// <summary>Creates the chain.</summary>
    /// <param name="processors">The processors, called in this order; at least one.</param>
    /// <exception cref="ArgumentException">No processor, or a null one.</exception>
    public CompositeItemProcessor(params IReadOnlyList<IItemProcessor<T, T>> processors)
    {
        ArgumentNullException.ThrowIfNull(processors);
        if (processors.Count == 0)
        {
            throw new ArgumentException("A composite processor needs at least one processor.", nameof(processors));
        }

        _processors = [.. processors];
        if (Array.IndexOf(_processors, null) is var nullAt and >= 0)
        {
            throw new ArgumentException($"Processor {nullAt} of the composite processor is null.", nameof(processors));
        }

        Delegates = _processors;
    }

    /// <inheritdoc />
    public IReadOnlyList<object> Delegates { get; }

    /// <inheritdoc />
    public ValueTask<ItemResult<T>> ProcessAsync(T item, CancellationToken cancellationToken)
    {
        var current = new ItemResult<T>(item);
        for (var i = 0; i < _processors.Length; i++)
        {
            var pending = _processors[i].ProcessAsync(current.Item, cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return ContinueAsync(pending, i + 1, cancellationToken);
            }

            current = pending.Result;
            if (!current.HasItem)
            {
                return new(current);
            }
        }

        return new(current);
    }

    private async ValueTask<ItemResult<T>> ContinueAsync(ValueTask<ItemResult<T>> pending, int next, CancellationToken cancellationToken)
    {
        var current = await pending.ConfigureAwait(false);
        for (var i = next; i < _processors.Length && current.HasItem; i++)
        {
            current = await _processors[i].ProcessAsync(current.Item, cancellationToken).ConfigureAwait(false);
        }

        return current;
    }
}
