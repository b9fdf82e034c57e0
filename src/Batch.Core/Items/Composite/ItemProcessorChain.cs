namespace Batch.Items.Composite;

/// <summary>Chains processors: <c>parse.Then(validate).Then(enrich)</c>.</summary>
public static class ItemProcessorChain
{
    /// <summary>Returns a processor that calls <paramref name="first"/>, then <paramref name="second"/> with its output unless it filtered the item.</summary>
    /// <typeparam name="TIn">The type read.</typeparam>
    /// <typeparam name="TMid">The first processor's output.</typeparam>
    /// <typeparam name="TOut">The second processor's output.</typeparam>
    /// <param name="first">Called first.</param>
    /// <param name="second">Called next.</param>
    /// <returns>The chain.</returns>
    public static ChainedItemProcessor<TIn, TMid, TOut> Then<TIn, TMid, TOut>(this IItemProcessor<TIn, TMid> first, IItemProcessor<TMid, TOut> second) =>
        new(first, second);
}
