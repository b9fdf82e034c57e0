using Batch.Listeners;

namespace Batch.Engine;

/// <summary>Shared calls to chunk listeners.</summary>
internal static class ChunkListeners
{
    /// <summary>Tells the listeners (in reverse order) that a chunk was rolled back; their own errors are attached to the step.</summary>
    public static async ValueTask ErrorAsync(IChunkListener[] listeners, StepExecution stepExecution, Exception exception)
    {
        for (var i = listeners.Length - 1; i >= 0; i--)
        {
            try
            {
                await listeners[i].AfterChunkErrorAsync(stepExecution, exception, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the chunk's own failure is what propagates
            catch (Exception listenerError)
#pragma warning restore CA1031
            {
                stepExecution.FailureExceptions.Add(listenerError);
            }
        }
    }
}
