namespace Batch.Items;

/// <summary>Transforms or filters one item between reading and writing. Called once per item.</summary>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
public interface IItemProcessor<in TIn, TOut>
{
    /// <summary>Processes an item.</summary>
    /// <param name="item">The item read.</param>
    /// <param name="cancellationToken">Cancelled when the step is asked to stop.</param>
    /// <returns>The item to write, or <see cref="ItemResult{T}.None"/> to filter it out (counted in <see cref="StepExecution.FilterCount"/>).</returns>
    ValueTask<ItemResult<TOut>> ProcessAsync(TIn item, CancellationToken cancellationToken);
}
