using Batch.Engine;
using Batch.Jobs;
using Batch.Repository;
using Microsoft.Extensions.Logging;

namespace Batch.Launch;

/// <summary>Runs jobs in the calling task, against one job repository.</summary>
public sealed class JobLauncher : IJobLauncher
{
    private readonly JobRuntime _runtime;

    /// <summary>Creates a launcher.</summary>
    /// <param name="repository">The job repository.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="services">The application's services for step-scoped factories; none when null.</param>
    /// <param name="options">The settings (<see cref="Hosting.BatchOptions.FinalStatusRetryFor"/>); the defaults when null.</param>
    public JobLauncher(IJobRepository repository, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IServiceProvider? services = null,
        Hosting.BatchOptions? options = null)
    {
        _runtime = new JobRuntime(repository, timeProvider, loggerFactory, services)
        {
            FinalStatusRetryFor = (options ?? new Hosting.BatchOptions()).FinalStatusRetryFor,
        };
    }

    /// <summary>The runtime given to every job.</summary>
    internal JobRuntime Runtime => _runtime;

    /// <inheritdoc />
    public async Task<JobExecution> RunAsync(IJob job, JobParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(parameters);
        job.Validator?.Validate(parameters);
        // Created already STARTED: the job's start costs no update of its own.
        var request = new JobLaunchRequest(job.Name, parameters, job.Restartable) { StartTime = _runtime.Now() };
        var execution = await _runtime.Repository.CreateJobExecutionAsync(request, cancellationToken).ConfigureAwait(false);
        await job.ExecuteAsync(new JobContext(execution, _runtime), cancellationToken).ConfigureAwait(false);
        return execution;
    }
}
