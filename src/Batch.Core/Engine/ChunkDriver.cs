using Batch.Listeners;

namespace Batch.Engine;

/// <summary>
/// The one chunk loop of every step that commits in chunks (item steps, plain or fault-tolerant, and tasklet steps):
/// a stop request ends it at a chunk boundary; each chunk starts a checkpoint, is run by the step's
/// <see cref="IChunkStrategy"/>, and is rolled back as a whole when it fails before its commit. Chunk listeners see
/// balanced calls: every <see cref="IChunkListener.BeforeChunkAsync"/> is followed by exactly one
/// <see cref="IChunkListener.AfterChunkAsync"/> (the final, empty read included) or one
/// <see cref="IChunkListener.AfterChunkErrorAsync"/>.
/// </summary>
internal static class ChunkDriver
{
    /// <summary>Runs chunks until the strategy reports the last one, or nothing left.</summary>
    /// <param name="execution">The step execution.</param>
    /// <param name="strategy">How each chunk is filled, written and committed.</param>
    /// <param name="checkpointer">The step's checkpoints.</param>
    /// <param name="listeners">The chunk listeners, outermost first.</param>
    /// <param name="cancellationToken">Cancelled to stop at the next chunk boundary.</param>
    /// <returns>A task.</returns>
    public static async Task RunAsync(
        StepExecution execution, IChunkStrategy strategy, Checkpointer checkpointer, IChunkListener[] listeners, CancellationToken cancellationToken)
    {
        var outcome = ChunkOutcome.More;
        while (outcome == ChunkOutcome.More)
        {
            StopSignal.ThrowIfRequested(execution, cancellationToken);
            checkpointer.StartChunk();
            var telemetry = ChunkTelemetry.Begin();
            try
            {
                for (var i = 0; i < listeners.Length; i++)
                {
                    await listeners[i].BeforeChunkAsync(execution, cancellationToken).ConfigureAwait(false);
                }

                outcome = await strategy.RunChunkAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A chunk that failed after its commit (a skip listener, say) stays committed; one that failed before it
                // is rolled back here unless the strategy already rolled back what it began.
                if (!checkpointer.ChunkCommitted && !checkpointer.ChunkRolledBack)
                {
                    await checkpointer.RollbackAsync(null).ConfigureAwait(false);
                }

                telemetry.End(execution, checkpointer.ChunkCommitted);
                await ChunkListeners.ErrorAsync(listeners, execution, ex).ConfigureAwait(false);
                throw;
            }

            telemetry.End(execution, committed: true);

            for (var i = listeners.Length - 1; i >= 0; i--)
            {
                await listeners[i].AfterChunkAsync(execution, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
