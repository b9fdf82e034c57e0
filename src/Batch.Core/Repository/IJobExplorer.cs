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
}
