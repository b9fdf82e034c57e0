namespace Batch.Repository;

/// <summary>
/// Persists jobs, executions and their contexts, and keeps the guarantees: one live execution per
/// instance, completed instances not run again, and each chunk committed atomically with its
/// checkpoint. Implementations: <see cref="InMemoryJobRepository"/> here, and the EF Core
/// repositories for PostgreSQL and SQLite in Batch.Infrastructure.
/// </summary>
/// <remarks>
/// The engine's budget, which implementations keep: launching an execution costs a constant number
/// of statements whatever the history, and a chunk commit costs at most two (the step execution's
/// counters with its VERSION check, and its context only when it changed).
/// </remarks>
public interface IJobRepository : IJobExplorer
{
    /// <summary>
    /// Creates a new execution for the instance named by the request, creating the instance when it
    /// does not exist yet. The job context of the previous execution is carried over on a restart.
    /// </summary>
    /// <param name="request">The job and its parameters.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The new execution, STARTING.</returns>
    /// <exception cref="JobExecutionAlreadyRunningException">The instance has a live execution.</exception>
    /// <exception cref="JobInstanceAlreadyCompleteException">The instance already completed and the job may not start again.</exception>
    /// <exception cref="JobRestartException">The instance ran before and the job is not restartable, or its last execution is UNKNOWN.</exception>
    ValueTask<JobExecution> CreateJobExecutionAsync(JobLaunchRequest request, CancellationToken cancellationToken);

    /// <summary>Saves a job execution's status, exit status and times (and its context when it changed).</summary>
    /// <param name="jobExecution">The execution; its <see cref="Entity.Version"/> must match the stored one.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="OptimisticLockingFailureException">The stored execution was changed by someone else.</exception>
    ValueTask UpdateJobExecutionAsync(JobExecution jobExecution, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a stop request: the execution's status STOPPING (with its version), and nothing else — in particular not LAST_UPDATED, which
    /// is the heartbeat of its process: a stop asked of an execution whose process died must not make it look alive, or <c>recover</c>
    /// and a launch's takeover would wait for the heartbeat's silence from the stop on. The default saves it as
    /// <see cref="UpdateJobExecutionAsync"/> does.
    /// </summary>
    /// <param name="jobExecution">The running execution, its status set to <see cref="BatchStatus.Stopping"/>; its version must match the stored one.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="OptimisticLockingFailureException">The stored execution was changed by someone else.</exception>
    ValueTask RequestStopAsync(JobExecution jobExecution, CancellationToken cancellationToken) => UpdateJobExecutionAsync(jobExecution, cancellationToken);

    /// <summary>
    /// Brings a job execution's version and status up to date with the stored one, so that a stop
    /// requested by an operator (from any process) is seen and the engine's next update does not conflict.
    /// </summary>
    /// <param name="jobExecution">The live execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask SynchronizeStatusAsync(JobExecution jobExecution, CancellationToken cancellationToken);

    /// <summary>
    /// The heartbeat of a running job execution: sets its stored LAST_UPDATED to <paramref name="now"/> while it is live (STARTING,
    /// STARTED, STOPPING), without changing its VERSION, so it never conflicts with the engine's version-checked saves and
    /// <see cref="EndSilentJobExecutionAsync"/> takes the execution for alive while it beats. One cheap statement by primary key.
    /// The launcher calls it every <see cref="Hosting.BatchOptions.HeartbeatInterval"/> while a job runs, from another task than
    /// the job's (an implementation must allow that beside the job's own calls); it must not change <paramref name="jobExecution"/>.
    /// The default does nothing and returns true: a repository that does not implement it has a heartbeat only at its chunk
    /// commits and saves, so <c>recover</c> and <see cref="Hosting.BatchOptions.TakeOverDeadExecutionsAfter"/> must then be
    /// longer than its slowest chunk.
    /// </summary>
    /// <param name="jobExecution">The running execution (only its id is read).</param>
    /// <param name="now">The time to store.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>True when the stored execution is live (and was touched); false when it is no longer running, ended by someone else
    /// (an operator's <c>fail</c>, <c>recover</c>, or a launch that took it over).</returns>
    ValueTask<bool> TouchJobExecutionAsync(JobExecution jobExecution, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(true);

    /// <summary>
    /// The queue of launch slots kept with this repository (queued launches: <see cref="Launch.LaunchLimit"/>), or null when the
    /// repository has none — then a launch of a job with a launch limit fails, saying so. The in-memory, SQLite and PostgreSQL
    /// repositories have one; it must see the same executions as the repository (it counts the live ones that hold slots).
    /// </summary>
    ILaunchSlots? LaunchSlots => null;

    /// <summary>The last execution of a step in an instance (with its context), and how many times the step was started in the instance.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="stepName">The step's name.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The history.</returns>
    ValueTask<StepHistory> GetStepHistoryAsync(JobInstance instance, string stepName, CancellationToken cancellationToken);

    /// <summary>Saves a new step execution with its context, assigning its id.</summary>
    /// <param name="stepExecution">The step execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AddStepExecutionAsync(StepExecution stepExecution, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a step execution (counts, status, times; its context when it changed) outside a chunk.
    /// Sets <see cref="StepExecution.TerminateOnly"/> when the job execution was asked to stop.
    /// </summary>
    /// <param name="stepExecution">The step execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="OptimisticLockingFailureException">The stored step execution was changed by someone else.</exception>
    ValueTask UpdateStepExecutionAsync(StepExecution stepExecution, CancellationToken cancellationToken);

    /// <summary>
    /// Begins the transaction of one chunk. Writers to this repository's database write through it;
    /// <see cref="IChunkTransaction.CommitAsync"/> saves the step's checkpoint in the same transaction.
    /// </summary>
    /// <param name="stepExecution">The step execution the chunk belongs to.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The transaction.</returns>
    ValueTask<IChunkTransaction> BeginChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the session in which a running step execution's chunks commit, one after another (see
    /// <see cref="IChunkSession"/>). The engine opens one per step and disposes it when the step ends.
    /// The default begins each chunk with <see cref="BeginChunkAsync"/>; a repository that can keep a
    /// connection and prepared statements between chunks overrides it.
    /// </summary>
    /// <param name="stepExecution">The step execution, already added to the repository.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The session; dispose it when the step ends.</returns>
    ValueTask<IChunkSession> OpenChunkSessionAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        return ValueTask.FromResult<IChunkSession>(new PerChunkSession(this, stepExecution));
    }

    /// <summary>
    /// Deletes whole job instances — the instance, every execution of it, their step executions, contexts and
    /// parameters — whose last execution ended before <paramref name="endedBefore"/> COMPLETED or ABANDONED, the two
    /// outcomes no restart needs. Instances whose last execution is FAILED, STOPPED or UNKNOWN keep all their history
    /// (a restart resumes from it), unless <paramref name="includeRestartable"/> is true. An instance with a live
    /// execution is never touched. All in one transaction.
    /// </summary>
    /// <param name="endedBefore">Instances whose last execution's END_TIME is earlier are deleted.</param>
    /// <param name="includeRestartable">Also delete instances whose last execution ended FAILED, STOPPED or UNKNOWN (they can then never be restarted).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many instances and job executions were deleted.</returns>
    ValueTask<DeletedHistory> DeleteJobInstancesEndedBeforeAsync(DateTimeOffset endedBefore, bool includeRestartable, CancellationToken cancellationToken);

    /// <summary>
    /// Saves what an operator decided about an execution whose process is gone — its status, exit status and end time,
    /// and those of <paramref name="steps"/> — in one transaction, and only while the execution is not alive: the stored
    /// execution still has the caller's VERSION, each step its version, and, when the stored execution is running
    /// (STARTING, STARTED, STOPPING), no heartbeat (the LAST_UPDATED of the execution and of every one of its steps) is
    /// later than <paramref name="silentSince"/>. The check and the update are one atomic step, so a chunk the job
    /// commits at the same moment is never lost: either the job's commit comes first and nothing is saved here, or this
    /// comes first and the job's next save fails its VERSION check.
    /// </summary>
    /// <param name="jobExecution">The execution with the operator's status; its <see cref="Entity.Version"/> must match the stored one.</param>
    /// <param name="steps">Its step executions to save with it (their versions must match the stored ones).</param>
    /// <param name="silentSince">A running execution with a heartbeat later than this is alive, and nothing is saved.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>True when saved; false when nothing was saved because the execution is running and its heartbeat is later than <paramref name="silentSince"/>.</returns>
    /// <exception cref="OptimisticLockingFailureException">The execution or one of the steps was changed by someone else; nothing was saved.</exception>
    ValueTask<bool> EndSilentJobExecutionAsync(JobExecution jobExecution, IReadOnlyCollection<StepExecution> steps, DateTimeOffset silentSince, CancellationToken cancellationToken);
}
