namespace Batch.Listeners;

/// <summary>
/// Told about every item a fault-tolerant chunk step skipped. Implement only the methods you need.
/// </summary>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
/// <remarks>
/// The calls for a chunk are made after that chunk committed, so a skip is reported exactly once even
/// when a chunk is rolled back and written again. An exception from a skip listener fails the step.
/// </remarks>
public interface ISkipListener<in TIn, in TOut>
{
    /// <summary>A read failed and was skipped.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="position">Where the record was (for example <c>line 17</c>), when the reader or the exception says; otherwise null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask OnSkipInReadAsync(Exception exception, string? position, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Processing an item failed and the item was skipped.</summary>
    /// <param name="item">The item.</param>
    /// <param name="exception">The failure.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask OnSkipInProcessAsync(TIn item, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Writing an item failed and the item was skipped (the other items of its chunk were written).</summary>
    /// <param name="item">The item.</param>
    /// <param name="exception">The failure.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask OnSkipInWriteAsync(TOut item, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
