namespace Batch.Repository;

/// <summary>Reads the job repository: instances, executions and their steps. Returned objects are snapshots.</summary>
public interface IJobExplorer
{
    /// <summary>The names of all jobs that have instances, sorted.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The names.</returns>
    ValueTask<IReadOnlyList<string>> GetJobNamesAsync(CancellationToken cancellationToken);

    /// <summary>Instances of a job, newest first.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="start">How many of the newest to skip.</param>
    /// <param name="count">How many to return at most.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The instances.</returns>
    ValueTask<IReadOnlyList<JobInstance>> GetJobInstancesAsync(string jobName, int start, int count, CancellationToken cancellationToken);

    /// <summary>An instance by id.</summary>
    /// <param name="instanceId">The id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The instance, or null.</returns>
    ValueTask<JobInstance?> GetJobInstanceAsync(long instanceId, CancellationToken cancellationToken);

    /// <summary>The instance of a job with the given identifying parameters.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="parameters">The parameters (only identifying ones count).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The instance, or null.</returns>
    ValueTask<JobInstance?> GetJobInstanceAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken);

    /// <summary>An execution by id, with its step executions and contexts.</summary>
    /// <param name="executionId">The id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The execution, or null.</returns>
    ValueTask<JobExecution?> GetJobExecutionAsync(long executionId, CancellationToken cancellationToken);

    /// <summary>The executions of an instance, newest first (without step executions).</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The executions.</returns>
    ValueTask<IReadOnlyList<JobExecution>> GetJobExecutionsAsync(JobInstance instance, CancellationToken cancellationToken);

    /// <summary>The newest execution of an instance (without step executions).</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The execution, or null when the instance has none.</returns>
    ValueTask<JobExecution?> GetLastJobExecutionAsync(JobInstance instance, CancellationToken cancellationToken);

    /// <summary>The executions of a job that are starting, started or stopping.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The executions.</returns>
    ValueTask<IReadOnlyList<JobExecution>> GetRunningJobExecutionsAsync(string jobName, CancellationToken cancellationToken);

    /// <summary>
    /// Why this explorer has no history to read yet — its database does not exist, or holds no Batch tables — in words that name it
    /// (<c>the job repository's SQLite file '/srv/batch.db' does not exist yet</c>), or null when it has a repository (the default). The
    /// command line adds it to "no such execution" and to an empty listing, so a wrong path or current folder does not read as a lost history.
    /// </summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The explanation, or null.</returns>
    ValueTask<string?> DescribeAbsenceAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    /// <summary>
    /// Executions across instances (and across jobs, unless the query names one), newest first (by id), without step executions:
    /// one page of the history, for a dashboard or the <c>list</c> command. The repositories of Batch answer it from an index in a
    /// fixed number of statements whatever the size of the history; this default, for other repositories, reads every instance of
    /// the selected jobs and should be overridden.
    /// </summary>
    /// <param name="query">Which executions (job, status); <see cref="JobExecutionQuery.All"/> for every one.</param>
    /// <param name="start">How many of the newest selected executions to skip.</param>
    /// <param name="count">How many to return at most.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The executions, newest first.</returns>
    async ValueTask<IReadOnlyList<JobExecution>> FindJobExecutionsAsync(JobExecutionQuery query, int start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return [];
        }

        const int page = 500;
        var selected = new List<JobExecution>();
        IReadOnlyList<string> jobs = query.JobName is { } job ? [job] : await GetJobNamesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in jobs)
        {
            for (var offset = 0; ; offset += page)
            {
                var instances = await GetJobInstancesAsync(name, offset, page, cancellationToken).ConfigureAwait(false);
                foreach (var instance in instances)
                {
                    foreach (var execution in await GetJobExecutionsAsync(instance, cancellationToken).ConfigureAwait(false))
                    {
                        if (query.Matches(execution))
                        {
                            selected.Add(execution);
                        }
                    }
                }

                if (instances.Count < page)
                {
                    break;
                }
            }
        }

        return [.. selected.OrderByDescending(e => e.Id).Skip(start).Take(count)];
    }
}
