namespace Batch.Repository;

/// <summary>
/// Which executions <see cref="IJobExplorer.FindJobExecutionsAsync"/> returns: those of one job or of every job, of one status or of
/// any. An empty query (the default) selects every execution.
/// </summary>
public sealed record JobExecutionQuery
{
    /// <summary>Every execution of every job.</summary>
    public static readonly JobExecutionQuery All = new();

    /// <summary>Only executions of the job with this name; null for every job.</summary>
    public string? JobName { get; init; }

    /// <summary>Only executions with this status; null for any status.</summary>
    public BatchStatus? Status { get; init; }

    /// <summary>True when the execution passes the query's filters.</summary>
    /// <param name="execution">The execution.</param>
    /// <returns>Whether it is selected.</returns>
    public bool Matches(JobExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return (JobName is null || string.Equals(execution.JobName, JobName, StringComparison.Ordinal)) && (Status is null || execution.Status == Status);
    }
}
