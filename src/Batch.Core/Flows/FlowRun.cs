using Batch.Engine;
using Batch.Jobs;

namespace Batch.Flows;

/// <summary>One run of a flow job: the execution, the services, and a lock for the job context shared by parallel flows.</summary>
internal sealed class FlowRun(JobExecution execution, JobRuntime runtime)
{
    private readonly Lock _contextLock = new();

    public JobExecution Execution { get; } = execution;

    public JobRuntime Runtime { get; } = runtime;

    /// <summary>Records where a stopped flow restarts, in the job context (saved with the job execution).</summary>
    public void SetRestartPoint(Flow flow, string stateName)
    {
        lock (_contextLock)
        {
            Execution.ExecutionContext.Put(RestartKey(flow), stateName);
        }
    }

    /// <summary>Takes (and forgets) where a flow stopped by a StopAndRestart transition restarts, if it did.</summary>
    public string? TakeRestartPoint(Flow flow)
    {
        lock (_contextLock)
        {
            var key = RestartKey(flow);
            if (!Execution.ExecutionContext.TryGet<string>(key, out var state))
            {
                return null;
            }

            Execution.ExecutionContext.Remove(key);
            return state;
        }
    }

    private static string RestartKey(Flow flow) => $"batch.flow.{flow.Name}.restart";
}
