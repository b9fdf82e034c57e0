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
    /// <param name="previous">The instance's executions (id and status), in any order.</param>
    /// <returns>The id of the last execution (whose job context the new one inherits), or null when there is none.</returns>
    /// <exception cref="JobExecutionAlreadyRunningException">An execution is starting, started or stopping.</exception>
    /// <exception cref="JobInstanceAlreadyCompleteException">An execution completed and the job may not start again.</exception>
    /// <exception cref="JobRestartException">The job is not restartable, or the last execution is UNKNOWN.</exception>
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
                $"(instance {instance.Id}); wait for it to end, or stop it first. If its process died, mark it FAILED or ABANDONED with the operator.");
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
                "check what it did, then mark it FAILED or ABANDONED before restarting.");
        }

        return last.Id;
    }
}
