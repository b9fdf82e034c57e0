using Batch.Items;

namespace Batch.Listeners;

/// <summary>Called around each chunk write. Implement only the methods you need.</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IItemWriteListener<T>
{
    /// <summary>Called before a chunk is written.</summary>
    /// <param name="chunk">The items.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask BeforeWriteAsync(Chunk<T> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called after a chunk was written (before it commits).</summary>
    /// <param name="chunk">The items.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AfterWriteAsync(Chunk<T> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when the write threw.</summary>
    /// <param name="chunk">The items.</param>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask OnWriteErrorAsync(Chunk<T> chunk, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
