namespace Batch.Model;

/// <summary>What job and step executions share: an id, a version for optimistic locking, status and times.</summary>
public abstract class Entity
{
    /// <summary>The id assigned by the job repository (0 until saved).</summary>
    public long Id { get; internal set; }

    /// <summary>The row version; the repository increments it on every update and refuses stale updates.</summary>
    public long Version { get; internal set; }

    /// <summary>The status the engine tracks.</summary>
    public BatchStatus Status { get; set; } = BatchStatus.Starting;

    /// <summary>The exit status an operator or a flow reads.</summary>
    public ExitStatus ExitStatus { get; set; } = ExitStatus.Executing;

    /// <summary>When the execution started running, if it has.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When the execution ended, if it has.</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>When the execution was last saved; while it runs, this is its heartbeat.</summary>
    public DateTimeOffset? LastUpdated { get; internal set; }

    /// <summary>The saved state a restart resumes from.</summary>
    public BatchExecutionContext ExecutionContext { get; set; } = new();

    /// <summary>The exceptions that made the execution fail (kept in memory, summarised in <see cref="ExitStatus"/>).</summary>
    public IList<Exception> FailureExceptions { get; } = new List<Exception>();

    /// <summary>Moves to a new status only if it is more severe than the current one.</summary>
    /// <param name="status">The candidate status.</param>
    public void UpgradeStatus(BatchStatus status) => Status = Status.Max(status);
}
