using Batch.Jobs;

namespace Batch.Launch;

/// <summary>Starts jobs: validates the parameters, creates the execution in the repository and runs it.</summary>
public interface IJobLauncher
{
    /// <summary>Runs a job to its end (completed, failed or stopped) and returns the execution.</summary>
    /// <param name="job">The job.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="cancellationToken">Cancel to stop the job at a chunk boundary; it then ends STOPPED and can be restarted.</param>
    /// <returns>The ended execution.</returns>
    /// <exception cref="JobParametersInvalidException">The job's validator rejected the parameters.</exception>
    /// <exception cref="JobExecutionAlreadyRunningException">
    /// The instance is already running: its live execution's heartbeat is fresh, or — with
    /// <see cref="Hosting.BatchOptions.TakeOverDeadExecutionsAfter"/> set, when the launcher takes a silent execution over — it beat
    /// within that age, or another launch took it over and runs it.
    /// </exception>
    /// <exception cref="JobInstanceAlreadyCompleteException">The instance already completed.</exception>
    /// <exception cref="JobRestartException">The instance cannot be restarted.</exception>
    Task<JobExecution> RunAsync(IJob job, JobParameters parameters, CancellationToken cancellationToken);
}
