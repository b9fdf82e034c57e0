namespace Batch.Listeners;

/// <summary>Called around each chunk (and each tasklet call). Implement only the methods you need.</summary>
/// <remarks>An exception from a listener fails the step.</remarks>
public interface IChunkListener
{
    /// <summary>Called before a chunk is read.</summary>
    /// <param name="stepExecution">The step execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask BeforeChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called after a chunk committed.</summary>
    /// <param name="stepExecution">The step execution, with its counts updated.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AfterChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called after a chunk was rolled back.</summary>
    /// <param name="stepExecution">The step execution.</param>
    /// <param name="exception">Why it was rolled back.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AfterChunkErrorAsync(StepExecution stepExecution, Exception exception, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
