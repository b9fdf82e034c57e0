namespace Batch.Repository;

/// <summary>
/// The rules every job repository applies when a known instance is launched again, so that all
/// backends refuse the same launches with the same messages.
/// </summary>
public static class LaunchRules
{
    /// <summary>Checks whether a new execution of an existing instance may be created.</summary>
    /// <param name="request">The launch.</param>
    /// <param name="instance">The existing instance.</param>
    /// <param name="previous">The instance's executions (id and status), in any order; at least the last one, a live one and an ABANDONED and a COMPLETED one when there are.</param>
    /// <returns>The id of the last execution (whose job context the new one inherits), or null when there is none.</returns>
    /// <exception cref="JobExecutionAlreadyRunningException">An execution is starting, started or stopping.</exception>
    /// <exception cref="JobInstanceAlreadyCompleteException">An execution completed and the job may not start again.</exception>
    /// <exception cref="JobRestartException">An execution was ABANDONED (final, as in Spring Batch), the job is not restartable, or the last execution is UNKNOWN.</exception>
    public static long? Check(JobLaunchRequest request, JobInstance instance, IReadOnlyCollection<(long Id, BatchStatus Status)> previous)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.Count == 0)
        {
            return null;
        }

        var running = previous.Where(e => e.Status.IsRunning()).Select(e => (long?)e.Id).FirstOrDefault();
        if (running is { } runningId)
        {
            throw new JobExecutionAlreadyRunningException(
                $"Job '{request.JobName}' with parameters [{request.Parameters.Identifying()}] is already running as execution {runningId} " +
                $"(instance {instance.Id}); wait for it to end, or 'stop {runningId}' it. If its process died, 'recover' marks it FAILED (restartable) " +
                $"once its heartbeat is older than the recover age, or 'fail {runningId} 0' does so at once.");
        }

        var abandoned = previous.Where(e => e.Status == BatchStatus.Abandoned).Select(e => (long?)e.Id).FirstOrDefault();
        if (abandoned is { } abandonedId)
        {
            throw new JobRestartException(
                $"Execution {abandonedId} of job '{request.JobName}' instance {instance.Id} was ABANDONED, which is final: the instance is not run again. " +
                "Launch it with other identifying parameters, or use 'next' if the job has an incrementer.");
        }

        if (!request.Restartable)
        {
            throw new JobRestartException(
                $"Job '{request.JobName}' is not restartable and instance {instance.Id} already ran; launch it with other identifying parameters.");
        }

        if (!request.AllowStartIfComplete && previous.Any(e => e.Status == BatchStatus.Completed))
        {
            throw new JobInstanceAlreadyCompleteException(
                $"Job '{request.JobName}' with parameters [{request.Parameters.Identifying()}] already completed (instance {instance.Id}); " +
                "it is not run again. Launch it with other identifying parameters, or use 'next' if the job has an incrementer.");
        }

        var last = previous.MaxBy(e => e.Id);
        if (last.Status == BatchStatus.Unknown)
        {
            throw new JobRestartException(
                $"The last execution ({last.Id}) of job '{request.JobName}' instance {instance.Id} is in state UNKNOWN; " +
                $"check what it did, then mark it FAILED ('fail {last.Id}') to restart it, or ABANDONED ('abandon {last.Id}') to never run it again.");
        }

        return last.Id;
    }
}
