namespace Batch.Model;

/// <summary>
/// One (job name, identifying parameters) pair, for example "the run for 2026-11-22". An instance
/// has one or more executions; it is complete when one of them completed.
/// </summary>
public sealed class JobInstance : IEquatable<JobInstance>
{
    /// <summary>Creates an instance.</summary>
    /// <param name="id">The id assigned by the job repository.</param>
    /// <param name="jobName">The job's name.</param>
    /// <param name="jobKey">The hash of the identifying parameters (<see cref="JobParameters.ToJobKey"/>).</param>
    public JobInstance(long id, string jobName, string jobKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentNullException.ThrowIfNull(jobKey);
        Id = id;
        JobName = jobName;
        JobKey = jobKey;
    }

    /// <summary>The id assigned by the job repository.</summary>
    public long Id { get; }

    /// <summary>The job's name.</summary>
    public string JobName { get; }

    /// <summary>The hash of the identifying parameters.</summary>
    public string JobKey { get; }

    /// <summary>The row version kept by the repository.</summary>
    public long Version { get; internal set; }

    /// <inheritdoc />
    public bool Equals(JobInstance? other) => other is not null && other.Id == Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JobInstance);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"JobInstance {Id} of '{JobName}'";
}
