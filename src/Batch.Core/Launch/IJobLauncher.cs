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

    /// <summary>
    /// Runs a job to its end, saying what to do when its launch group (<see cref="IJob.LaunchLimit"/>) has no free slot: refused
    /// (<see cref="LaunchOptions.Default"/>), or waiting for one in order of arrival across processes (<see cref="LaunchOptions.Wait"/>).
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="options">Whether to wait for a slot, and how long at most.</param>
    /// <param name="cancellationToken">Cancel to stop waiting (the launch's place in line is given up) or to stop the job at a chunk boundary.</param>
    /// <returns>The ended execution.</returns>
    /// <exception cref="LaunchSlotUnavailableException">The group is full and the launch does not wait, or its maximum wait ran out.</exception>
    Task<JobExecution> RunAsync(IJob job, JobParameters parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Wait && job?.LaunchLimit is not null
            ? throw new NotSupportedException($"{GetType().Name} does not queue launches; use Batch.Launch.JobLauncher.")
            : RunAsync(job!, parameters, cancellationToken);
    }
}
