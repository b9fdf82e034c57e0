namespace Batch.Items.Composite;

/// <summary>
/// Two processors in a row: the first's output is the second's input. When the first filters an item
/// (<see cref="ItemResult{T}.None"/>), the second is not called and the item is filtered. Longer chains nest:
/// <see cref="ItemProcessorChain.Then{TIn, TMid, TOut}"/> builds them and reads like the chain.
/// </summary>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TMid">The first processor's output and the second's input.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
/// <remarks>
/// No allocation is added per item when the first processor completes synchronously. The delegates that are
/// <see cref="IItemStream"/>s are handled by the step (see <see cref="IDelegatingItemComponent"/>).
/// </remarks>
public sealed class ChainedItemProcessor<TIn, TMid, TOut> : IItemProcessor<TIn, TOut>, IDelegatingItemComponent
{
    private readonly IItemProcessor<TIn, TMid> _first;
    private readonly IItemProcessor<TMid, TOut> _second;

    /// <summary>Creates the chain.</summary>
    /// <param name="first">Called first.</param>
    /// <param name="second">Called with what <paramref name="first"/> returned, unless it filtered the item.</param>
    public ChainedItemProcessor(IItemProcessor<TIn, TMid> first, IItemProcessor<TMid, TOut> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        _first = first;
        _second = second;
        Delegates = [first, second];
    }

    /// <inheritdoc />
    public IReadOnlyList<object> Delegates { get; }

    /// <inheritdoc />
    public ValueTask<ItemResult<TOut>> ProcessAsync(TIn item, CancellationToken cancellationToken)
    {
        var first = _first.ProcessAsync(item, cancellationToken);
        if (!first.IsCompletedSuccessfully)
        {
            return AwaitFirstAsync(first, cancellationToken);
        }

        var middle = first.Result;
        return middle.HasItem ? _second.ProcessAsync(middle.Item, cancellationToken) : new(ItemResult<TOut>.None);
    }

    private async ValueTask<ItemResult<TOut>> AwaitFirstAsync(ValueTask<ItemResult<TMid>> first, CancellationToken cancellationToken)
    {
        var middle = await first.ConfigureAwait(false);
        return middle.HasItem ? await _second.ProcessAsync(middle.Item, cancellationToken).ConfigureAwait(false) : ItemResult<TOut>.None;
    }
}
