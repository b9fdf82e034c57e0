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

    /// <summary>Restarts a failed or stopped execution's instance with the same parameters; completed steps are skipped.</summary>
    /// <param name="executionId">The execution to restart.</param>
    /// <param name="cancellationToken">Cancel to stop the job at a chunk boundary.</param>
    /// <returns>The new, ended execution.</returns>
    Task<JobExecution> RestartAsync(long executionId, CancellationToken cancellationToken);

    /// <summary>Asks a running execution to stop: it is marked STOPPING and its process ends it STOPPED at the next chunk boundary.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The execution as saved.</returns>
    /// <exception cref="JobExecutionNotRunningException">The execution is not running.</exception>
    Task<JobExecution> StopAsync(long executionId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an execution that will not finish — one whose process died, or a failed one — as
    /// <paramref name="status"/> (FAILED, so it can be restarted, or ABANDONED), with its unfinished steps.
    /// Only for executions whose process is gone: a live process would go on running.
    /// </summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="status"><see cref="BatchStatus.Failed"/> or <see cref="BatchStatus.Abandoned"/>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The execution as saved.</returns>
    Task<JobExecution> MarkEndedAsync(long executionId, BatchStatus status, CancellationToken cancellationToken);

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

    /// <summary>Deletes the history of executions that ended more than <paramref name="olderThan"/> ago (running ones are kept).</summary>
    /// <param name="olderThan">The age.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many job executions were deleted.</returns>
    Task<int> DeleteHistoryAsync(TimeSpan olderThan, CancellationToken cancellationToken);
}
