using Batch.Listeners;

namespace Batch.Steps;

/// <summary>Sorts a listener object into the step and chunk listener lists by the interfaces it implements.</summary>
internal static class StepListenerRegistration
{
    public static bool Register(StepOptions options, object listener, bool requireMatch)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var matched = false;
        if (listener is IStepExecutionListener step)
        {
            options.StepListeners.Add(step);
            matched = true;
        }

        if (listener is IChunkListener chunk)
        {
            options.ChunkListeners.Add(chunk);
            matched = true;
        }

        if (!matched && requireMatch)
        {
            throw new ArgumentException(
                $"{listener.GetType().Name} implements no listener interface this builder takes (IStepExecutionListener, IChunkListener" +
                " and, on a chunk step, IItemReadListener, IItemProcessListener or IItemWriteListener).",
                nameof(listener));
        }

        return matched;
    }
}
