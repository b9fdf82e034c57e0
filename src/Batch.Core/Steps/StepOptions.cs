using Batch.Engine;
using Batch.Listeners;

namespace Batch.Steps;

/// <summary>What every step can be given: restart rules and step listeners.</summary>
public sealed class StepOptions
{
    /// <summary>Whether the step runs again on restart although it completed. Default false.</summary>
    public bool AllowStartIfComplete { get; set; }

    /// <summary>How many times the step may be started within one job instance. Default: no limit.</summary>
    public int StartLimit { get; set; } = int.MaxValue;

    /// <summary>
    /// How long one execution of the step may run, or null (the default) for no limit. When it expires the
    /// step is cancelled, ends FAILED with a message naming the timeout, and restarts from its last
    /// committed chunk. Measured with the <see cref="TimeProvider"/> registered with the application (<see cref="Steps.StepContext.TimeProvider"/>).
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The step listeners, in order.</summary>
    public IList<IStepExecutionListener> StepListeners { get; } = new List<IStepExecutionListener>();

    /// <summary>The chunk listeners, in order.</summary>
    public IList<IChunkListener> ChunkListeners { get; } = new List<IChunkListener>();
}
