using Batch.Repository;

namespace Batch.Launch;

/// <summary>What an operator does with jobs by name and executions by id: start, restart, stop, abandon, clean history.</summary>
public interface IJobOperator
{
    /// <summary>The registered job names.</summary>
    IReadOnlyList<string> JobNames { get; }

    /// <summary>Starts a job by name and runs it to its end.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="cancellationToken">Cancel to stop the job at a chunk boundary.</param>
    /// <returns>The ended execution.</returns>
    /// <exception cref="NoSuchJobException">No job has that name.</exception>
    Task<JobExecution> StartAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken);

    /// <summary>Starts a job by name with parameters in text form (<c>name=value&amp;name2:long=2</c>).</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">The parameter text.</param>
    /// <param name="cancellationToken">Cancel to stop the job at a chunk boundary.</param>
    /// <returns>The ended execution.</returns>
    /// <exception cref="JobParametersFormatException">The text is malformed.</exception>
    Task<JobExecution> StartAsync(string jobName, string parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the job's next instance, with parameters made by its incrementer from the last instance's,
    /// overridden by <paramref name="parameters"/> when given.
    /// </summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">Parameters that replace or add to the incremented ones; null for none.</param>
    /// <param name="cancellationToken">Cancel to stop the job at a chunk boundary.</param>
    /// <returns>The ended execution.</returns>
    Task<JobExecution> StartNextInstanceAsync(string jobName, JobParameters? parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Runs, in order, every business date of a job (<see cref="Jobs.JobBuilder.BusinessDate"/>) up to today that has not completed —
    /// earlier dates that failed or stopped (restarted), and the dates after the last completed one — and stops at the first that
    /// does not complete. Today is the operator's clock's local date. The dates come from the job repository's records of the job's
    /// newest instances with the same other identifying parameters.
    /// </summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">The other parameters (never the business date); null for none.</param>
    /// <param name="cancellationToken">Cancel to stop the running job at a chunk boundary.</param>
    /// <returns>The executions run, in date order; empty when every date up to today had completed.</returns>
    /// <exception cref="JobParametersInvalidException">The job declares no business date, or the parameters name it.</exception>
    Task<IReadOnlyList<JobExecution>> CatchUpAsync(string jobName, JobParameters? parameters, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not run catch-up dates; use Batch.Launch.JobOperator.");

    /// <summary>Restarts a failed or stopped execution's instance with the same parameters; completed steps are skipped.</summary>
    /// <param name="executionId">The execution to restart.</param>
    /// <param name="cancellationToken">Cancel to stop the job at a chunk boundary.</param>
    /// <returns>The new, ended execution.</returns>
    /// <exception cref="JobRestartException">The execution was ABANDONED, which is final.</exception>
    /// <exception cref="JobExecutionAlreadyRunningException">
    /// The execution is still running; the message says how long its heartbeat has been silent and, when its process has
    /// probably died, names <c>recover</c> and <c>fail &lt;id&gt;</c>.
    /// </exception>
    Task<JobExecution> RestartAsync(long executionId, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a job by name with parameters in text form, saying what to do when its launch group (<see cref="Jobs.IJob.LaunchLimit"/>) has no
    /// free slot: refused (<see cref="LaunchOptions.Default"/>), or waiting for one in order of arrival across processes
    /// (<see cref="LaunchOptions.Wait"/>: what <c>run --wait</c> calls).
    /// </summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">The parameter text.</param>
    /// <param name="options">Whether to wait for a slot, and how long at most.</param>
    /// <param name="cancellationToken">Cancel to stop waiting (the place in line is given up, nothing is launched) or to stop the job at a chunk boundary.</param>
    /// <returns>The ended execution.</returns>
    /// <exception cref="LaunchSlotUnavailableException">The group is full and the launch does not wait, or its maximum wait ran out.</exception>
    Task<JobExecution> StartAsync(string jobName, string parameters, LaunchOptions options, CancellationToken cancellationToken) =>
        StartAsync(jobName, JobParameters.Parse(parameters), options, cancellationToken);

    /// <summary>Starts a job by name, saying what to do when its launch group has no free slot (see <see cref="StartAsync(string, string, LaunchOptions, CancellationToken)"/>).</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="options">Whether to wait for a slot, and how long at most.</param>
    /// <param name="cancellationToken">Cancel to stop waiting or to stop the job at a chunk boundary.</param>
    /// <returns>The ended execution.</returns>
    /// <exception cref="LaunchSlotUnavailableException">The group is full and the launch does not wait, or its maximum wait ran out.</exception>
    Task<JobExecution> StartAsync(string jobName, JobParameters parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Wait ? throw new NotSupportedException($"{GetType().Name} does not queue launches; use Batch.Launch.JobOperator.")
            : StartAsync(jobName, parameters, cancellationToken);
    }

    /// <summary>Starts the job's next instance (see <see cref="StartNextInstanceAsync(string, JobParameters?, CancellationToken)"/>), saying what to do when its launch group has no free slot (what <c>next --wait</c> calls).</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">Parameters that replace or add to the incremented ones; null for none.</param>
    /// <param name="options">Whether to wait for a slot, and how long at most.</param>
    /// <param name="cancellationToken">Cancel to stop waiting or to stop the job at a chunk boundary.</param>
    /// <returns>The ended execution.</returns>
    /// <exception cref="LaunchSlotUnavailableException">The group is full and the launch does not wait, or its maximum wait ran out.</exception>
    Task<JobExecution> StartNextInstanceAsync(string jobName, JobParameters? parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Wait ? throw new NotSupportedException($"{GetType().Name} does not queue launches; use Batch.Launch.JobOperator.")
            : StartNextInstanceAsync(jobName, parameters, cancellationToken);
    }

    /// <summary>Restarts a failed or stopped execution's instance (see <see cref="RestartAsync(long, CancellationToken)"/>), saying what to do when its launch group has no free slot (what <c>restart --wait</c> calls).</summary>
    /// <param name="executionId">The execution to restart.</param>
    /// <param name="options">Whether to wait for a slot, and how long at most.</param>
    /// <param name="cancellationToken">Cancel to stop waiting or to stop the job at a chunk boundary.</param>
    /// <returns>The new, ended execution.</returns>
    /// <exception cref="LaunchSlotUnavailableException">The group is full and the launch does not wait, or its maximum wait ran out.</exception>
    Task<JobExecution> RestartAsync(long executionId, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Wait ? throw new NotSupportedException($"{GetType().Name} does not queue launches; use Batch.Launch.JobOperator.")
            : RestartAsync(executionId, cancellationToken);
    }

    /// <summary>Runs the missed business dates of a job (see <see cref="CatchUpAsync(string, JobParameters?, CancellationToken)"/>), each launch waiting for a slot of the job's launch group when <paramref name="options"/> say so.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">The other parameters (never the business date); null for none.</param>
    /// <param name="options">Whether each launch waits for a slot, and how long at most.</param>
    /// <param name="cancellationToken">Cancel to stop waiting or to stop the running job at a chunk boundary.</param>
    /// <returns>The executions run, in date order.</returns>
    Task<IReadOnlyList<JobExecution>> CatchUpAsync(string jobName, JobParameters? parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Wait ? throw new NotSupportedException($"{GetType().Name} does not queue launches; use Batch.Launch.JobOperator.")
            : CatchUpAsync(jobName, parameters, cancellationToken);
    }

    /// <summary>
    /// The tickets of the launch queues (holding a slot, or waiting in arrival order) of one launch group or of all, as the job repository
    /// holds them now; empty when the repository keeps no launch slots.
    /// </summary>
    /// <param name="groupName">The group; null for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The tickets, by group and id.</returns>
    Task<IReadOnlyList<LaunchTicket>> GetLaunchTicketsAsync(string? groupName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LaunchTicket>>([]);

    /// <summary>
    /// Asks a running execution to stop: it is marked STOPPING and its process ends it STOPPED at the next chunk boundary.
    /// An execution whose heartbeat has been silent for longer than <see cref="Hosting.BatchOptions.RecoverStaleAfter"/> has
    /// no process left to do that: it is marked STOPPED (restartable) at once, with its unfinished steps.
    /// </summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The execution as saved.</returns>
    /// <exception cref="JobExecutionNotRunningException">The execution is not running.</exception>
    Task<JobExecution> StopAsync(long executionId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an execution that will not finish — one whose process died, or a failed or stopped one — as
    /// <paramref name="status"/> (FAILED, so it can be restarted, or ABANDONED, which is final: its instance is never run
    /// again), with its unfinished steps. A running execution is taken for alive, and refused, while its heartbeat (the
    /// latest LAST_UPDATED of it and its steps) is younger than <paramref name="silentFor"/>: use <see cref="StopAsync"/>
    /// for a live one. The check and the save are atomic (see <see cref="IJobRepository.EndSilentJobExecutionAsync"/>).
    /// Marking FAILED an execution that is FAILED or STOPPED already (both restartable) changes nothing; abandoning one that ended
    /// keeps what it ended with after the operator's mark in its exit description.
    /// </summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="status"><see cref="BatchStatus.Failed"/> or <see cref="BatchStatus.Abandoned"/>.</param>
    /// <param name="silentFor">How long a running execution's heartbeat must have been silent; zero when the operator knows its process is gone.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The execution as saved.</returns>
    /// <exception cref="JobExecutionAlreadyRunningException">The execution is running and its heartbeat is younger than <paramref name="silentFor"/>.</exception>
    /// <exception cref="JobRestartException">The execution completed, or it was ABANDONED and <paramref name="status"/> is FAILED.</exception>
    Task<JobExecution> MarkEndedAsync(long executionId, BatchStatus status, TimeSpan silentFor, CancellationToken cancellationToken);

    /// <summary>
    /// Finds running executions whose heartbeat — the latest LAST_UPDATED of the execution and its steps,
    /// which every chunk commit refreshes — is older than <paramref name="staleAfter"/>, and marks them FAILED
    /// (so they can be restarted). Choose a threshold longer than the slowest chunk or tasklet call; zero marks
    /// every running execution, for when the operator knows that no process is left running.
    /// </summary>
    /// <param name="staleAfter">How long without a heartbeat makes an execution dead.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The executions marked FAILED.</returns>
    Task<IReadOnlyList<JobExecution>> RecoverAsync(TimeSpan staleAfter, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes whole instances whose last execution ended COMPLETED or ABANDONED more than <paramref name="olderThan"/> ago
    /// (see <see cref="IJobRepository.DeleteJobInstancesEndedBeforeAsync"/>); FAILED and STOPPED instances keep the history a
    /// restart needs unless <paramref name="includeRestartable"/> is true.
    /// </summary>
    /// <param name="olderThan">The age.</param>
    /// <param name="includeRestartable">Also delete instances whose last execution ended FAILED, STOPPED or UNKNOWN.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many instances and job executions were deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="olderThan"/> is negative or reaches back before the year 1.</exception>
    Task<DeletedHistory> DeleteHistoryAsync(TimeSpan olderThan, bool includeRestartable, CancellationToken cancellationToken);
}
