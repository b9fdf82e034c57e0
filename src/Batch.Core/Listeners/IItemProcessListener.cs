using Batch.Items;

namespace Batch.Listeners;

/// <summary>Called around each process call. Implement only the methods you need; these run once per item.</summary>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
public interface IItemProcessListener<TIn, TOut>
{
    /// <summary>Called before an item is processed.</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask BeforeProcessAsync(TIn item, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called after an item was processed.</summary>
    /// <param name="item">The item read.</param>
    /// <param name="result">The result; <see cref="ItemResult{T}.None"/> when filtered.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AfterProcessAsync(TIn item, ItemResult<TOut> result, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when processing threw.</summary>
    /// <param name="item">The item.</param>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask OnProcessErrorAsync(TIn item, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
