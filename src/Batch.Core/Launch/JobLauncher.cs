using Batch.Engine;
using Batch.Jobs;
using Batch.Repository;
using Microsoft.Extensions.Logging;

namespace Batch.Launch;

/// <summary>
/// Runs jobs in the calling task, against one job repository. While a job runs, its execution's heartbeat is refreshed every
/// <see cref="Hosting.BatchOptions.HeartbeatInterval"/>; with <see cref="Hosting.BatchOptions.TakeOverDeadExecutionsAfter"/> set, a
/// launch of an instance whose live execution has been silent for longer takes it over (marks it FAILED) and restarts it.
/// </summary>
public sealed class JobLauncher : IJobLauncher
{
    private readonly JobRuntime _runtime;
    private readonly TimeSpan _heartbeatInterval;
    private readonly ILogger _logger;
    private readonly DeadExecutionTakeover? _takeover;

    /// <summary>Creates a launcher.</summary>
    /// <param name="repository">The job repository.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="services">The application's services for step-scoped factories; none when null.</param>
    /// <param name="options">
    /// The settings (<see cref="Hosting.BatchOptions.FinalStatusRetryFor"/>, <see cref="Hosting.BatchOptions.HeartbeatInterval"/>,
    /// <see cref="Hosting.BatchOptions.TakeOverDeadExecutionsAfter"/>); the defaults when null.
    /// </param>
    public JobLauncher(IJobRepository repository, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IServiceProvider? services = null,
        Hosting.BatchOptions? options = null)
    {
        var settings = options ?? new Hosting.BatchOptions();
        _runtime = new JobRuntime(repository, timeProvider, loggerFactory, services)
        {
            FinalStatusRetryFor = settings.FinalStatusRetryFor,
            ProgressInterval = settings.ProgressInterval,
        };
        // The validator refuses other values when the options come from the host; a launcher built by hand gets the nearest sane one.
        _heartbeatInterval = settings.HeartbeatInterval <= TimeSpan.Zero ? Hosting.BatchOptions.DefaultHeartbeatInterval
            : settings.HeartbeatInterval > Hosting.BatchOptions.MaxHeartbeatInterval ? Hosting.BatchOptions.MaxHeartbeatInterval
            : settings.HeartbeatInterval;
        _logger = _runtime.LoggerFactory.CreateLogger(BatchLogCategories.Job);
        if (settings.TakeOverDeadExecutionsAfter is { } threshold)
        {
            _takeover = new DeadExecutionTakeover(_runtime.Repository, _runtime.TimeProvider, threshold, _logger);
        }
    }

    /// <summary>The runtime given to every job.</summary>
    internal JobRuntime Runtime => _runtime;

    /// <inheritdoc />
    public async Task<JobExecution> RunAsync(IJob job, JobParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(parameters);
        if (job.Validator is { } validator)
        {
            parameters = validator.ApplyDeclaredTypes(parameters);
            validator.Validate(parameters);
        }

        JobExecution execution;
        try
        {
            execution = await _runtime.Repository.CreateJobExecutionAsync(Request(job, parameters, _runtime.Now()), cancellationToken).ConfigureAwait(false);
        }
        catch (JobExecutionAlreadyRunningException refused) when (_takeover is not null)
        {
            execution = await _takeover.LaunchAsync(job, parameters, refused, cancellationToken).ConfigureAwait(false);
        }

        // The heartbeat beats beside the job until it has ended; the job stops when its execution is ended by someone else.
        var heartbeat = JobHeartbeat.Start(_runtime.Repository, execution, _runtime.TimeProvider, _heartbeatInterval, _logger, cancellationToken);
        await using (heartbeat.ConfigureAwait(false))
        {
            await job.ExecuteAsync(new JobContext(execution, _runtime), heartbeat.Ended).ConfigureAwait(false);
        }

        return execution;
    }

    /// <summary>A launch created already STARTED at <paramref name="now"/>: the job's start costs no update of its own.</summary>
    internal static JobLaunchRequest Request(IJob job, JobParameters parameters, DateTimeOffset now) =>
        new(job.Name, parameters, job.Restartable) { StartTime = now };
}
