namespace Batch.Repository;

/// <summary>What the job repository needs to create an execution.</summary>
/// <param name="JobName">The job's name.</param>
/// <param name="Parameters">The parameters of the launch.</param>
/// <param name="Restartable">Whether an instance that ran before may run again (when not complete).</param>
/// <param name="AllowStartIfComplete">Whether a completed instance may run again (its steps that allow it rerun).</param>
public sealed record JobLaunchRequest(string JobName, JobParameters Parameters, bool Restartable = true, bool AllowStartIfComplete = false)
{
    /// <summary>
    /// When set, the execution is created already STARTED at this time (exit status EXECUTING), as the launcher does: the job
    /// then needs no separate update to mark its start. When null, it is created STARTING and the job marks its start.
    /// </summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>
    /// The create time a repository saves for an execution it creates when its own clock reads <paramref name="now"/>:
    /// <paramref name="now"/>, or <see cref="StartTime"/> when that is earlier — the launcher reads its clock before the
    /// repository reads its own, and an execution must not seem to start before it was created.
    /// </summary>
    /// <param name="now">The repository's clock at the creation.</param>
    /// <returns>The create time to save.</returns>
    public DateTimeOffset CreateTimeAt(DateTimeOffset now) => StartTime is { } start && start < now ? start : now;

    /// <summary>The status a repository creates the execution with: STARTED when <see cref="StartTime"/> is set, otherwise STARTING.</summary>
    public BatchStatus InitialStatus => StartTime is null ? BatchStatus.Starting : BatchStatus.Started;

    /// <summary>The exit status a repository creates the execution with: EXECUTING when <see cref="StartTime"/> is set, otherwise UNKNOWN.</summary>
    public ExitStatus InitialExitStatus => StartTime is null ? ExitStatus.Unknown : ExitStatus.Executing;
}
