namespace Batch.Listeners;

/// <summary>Called around each read. Implement only the methods you need; these run once per item.</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IItemReadListener<in T>
{
    /// <summary>Called before each read.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask BeforeReadAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called after an item was read.</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AfterReadAsync(T item, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when a read threw.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask OnReadErrorAsync(Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
