using Batch.Engine;

namespace Batch.Diagnostics;

/// <summary>
/// The step executions running in this process and how far each is: what the command line's progress bars and a dashboard hosted in the
/// job's process show. Reading it costs the running jobs nothing (no work is done per chunk for it).
/// </summary>
public static class RunningSteps
{
    /// <summary>The progress of every step execution running in this process now, oldest job execution first.</summary>
    /// <returns>A snapshot (empty when nothing runs).</returns>
    public static IReadOnlyList<StepProgressSnapshot> Snapshot() => LiveSteps.Progress();
}
