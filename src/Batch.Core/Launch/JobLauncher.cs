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
    private readonly LaunchQueue _queue;

    /// <summary>Creates a launcher.</summary>
    /// <param name="repository">The job repository.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="services">The application's services for step-scoped factories; none when null.</param>
    /// <param name="options">
    /// The settings (<see cref="Hosting.BatchOptions.FinalStatusRetryFor"/>, <see cref="Hosting.BatchOptions.HeartbeatInterval"/>,
    /// <see cref="Hosting.BatchOptions.TakeOverDeadExecutionsAfter"/>, and for queued launches <see cref="Hosting.BatchOptions.LaunchPollInterval"/>,
    /// <see cref="Hosting.BatchOptions.LaunchWaitingTicketStaleAfter"/>, <see cref="Hosting.BatchOptions.LaunchGroups"/>); the defaults when null.
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

        _queue = new LaunchQueue(_runtime.TimeProvider, settings, IsTransient, _logger);
    }

    /// <summary>A fault a waiting launch asks again after: transient by the runtime's classifier (never a cancellation).</summary>
    private bool IsTransient(Exception exception) =>
        exception is not OperationCanceledException && _runtime.ExceptionClassifier.Classify(exception) == Faults.ExceptionCategory.Transient;

    /// <summary>The runtime given to every job.</summary>
    internal JobRuntime Runtime => _runtime;

    /// <inheritdoc />
    public Task<JobExecution> RunAsync(IJob job, JobParameters parameters, CancellationToken cancellationToken) =>
        RunAsync(job, parameters, LaunchOptions.Default, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A job with a launch limit (<see cref="IJob.LaunchLimit"/>) first takes a slot of its group through the repository's
    /// <see cref="IJobRepository.LaunchSlots"/> — at once, or waiting in line with <see cref="LaunchOptions.Wait"/> — and gives it back
    /// when the job has ended (the slot is also free as soon as the execution has ended in the repository, whatever happens to this process).
    /// </remarks>
    public async Task<JobExecution> RunAsync(IJob job, JobParameters parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        parameters = BusinessDateParameter.ApplyType(job, parameters);
        if (job.Validator is { } validator)
        {
            parameters = validator.ApplyDeclaredTypes(parameters);
            validator.Validate(parameters);
        }

        if (_queue.LimitOf(job) is not { } limit)
        {
            return await LaunchAndRunAsync(job, parameters, null, options, cancellationToken).ConfigureAwait(false);
        }

        var slots = _runtime.Repository.LaunchSlots ?? throw new NotSupportedException(
            $"Job '{job.Name}' is in launch group '{limit.GroupName}', but the job repository ({_runtime.Repository.GetType().Name}) keeps no launch slots " +
            "(IJobRepository.LaunchSlots is null): use the in-memory, SQLite or PostgreSQL repository, or implement ILaunchSlots for it.");
        var ticket = await _queue.AcquireAsync(slots, job, limit, options, ct => RefuseEarlyAsync(job, parameters, ct), cancellationToken).ConfigureAwait(false);
        try
        {
            return await LaunchAndRunAsync(job, parameters, (slots, limit.GroupName, ticket), options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _queue.ReleaseAsync(slots, limit.GroupName, ticket).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a job whose parameters are settled only when it may launch: after its launch slot is taken, for a job with a launch limit.
    /// A queued <c>next</c> thus numbers its instance when its turn comes, not when it joined the line (where the launches ahead of it
    /// would take the same number).
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="parametersWhenLaunched">Gives the parameters, called once, when the launch may go ahead.</param>
    /// <param name="options">How the launch waits for a slot.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    internal async Task<JobExecution> RunAsync(
        IJob job, Func<CancellationToken, Task<JobParameters>> parametersWhenLaunched, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(parametersWhenLaunched);
        ArgumentNullException.ThrowIfNull(options);
        if (_queue.LimitOf(job) is not { } limit)
        {
            return await LaunchAndRunAsync(job, await ValidatedAsync(job, parametersWhenLaunched, cancellationToken).ConfigureAwait(false), null, options, cancellationToken)
                .ConfigureAwait(false);
        }

        var slots = _runtime.Repository.LaunchSlots ?? throw new NotSupportedException(
            $"Job '{job.Name}' is in launch group '{limit.GroupName}', but the job repository ({_runtime.Repository.GetType().Name}) keeps no launch slots " +
            "(IJobRepository.LaunchSlots is null): use the in-memory, SQLite or PostgreSQL repository, or implement ILaunchSlots for it.");
        var ticket = await _queue.AcquireAsync(slots, job, limit, options, _ => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
        try
        {
            var parameters = await ValidatedAsync(job, parametersWhenLaunched, cancellationToken).ConfigureAwait(false);
            return await LaunchAndRunAsync(job, parameters, (slots, limit.GroupName, ticket), options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _queue.ReleaseAsync(slots, limit.GroupName, ticket).ConfigureAwait(false);
        }
    }

    private static async Task<JobParameters> ValidatedAsync(IJob job, Func<CancellationToken, Task<JobParameters>> parameters, CancellationToken cancellationToken)
    {
        var given = BusinessDateParameter.ApplyType(job, await parameters(cancellationToken).ConfigureAwait(false));
        if (job.Validator is { } validator)
        {
            given = validator.ApplyDeclaredTypes(given);
            validator.Validate(given);
        }

        return given;
    }

    /// <summary>
    /// Before a launch waits for a slot: refuses it now when its instance could not be launched anyway — it completed, was ABANDONED,
    /// or may not restart — instead of after the wait. Two reads, only for a launch that waits; a live execution of the instance is left to
    /// the launch itself (it may end, or be taken over, meanwhile).
    /// </summary>
    private async Task RefuseEarlyAsync(IJob job, JobParameters parameters, CancellationToken cancellationToken)
    {
        var repository = _runtime.Repository;
        if (await repository.GetJobInstanceAsync(job.Name, parameters, cancellationToken).ConfigureAwait(false) is { } instance
            && await repository.GetLastJobExecutionAsync(instance, cancellationToken).ConfigureAwait(false) is { Status: var status } last
            && !status.IsRunning())
        {
            LaunchRules.Check(Request(job, parameters, _runtime.Now()), instance, [(last.Id, status)]);
        }
    }

    private async Task<JobExecution> LaunchAndRunAsync(
        IJob job, JobParameters parameters, (ILaunchSlots Slots, string Group, long Ticket)? slot, LaunchOptions options, CancellationToken cancellationToken)
    {
        JobExecution execution;
        try
        {
            execution = await _runtime.Repository.CreateJobExecutionAsync(Request(job, parameters, _runtime.Now()), cancellationToken).ConfigureAwait(false);
        }
        catch (JobExecutionAlreadyRunningException refused) when (_takeover is not null)
        {
            execution = await _takeover.LaunchAsync(job, parameters, refused, cancellationToken).ConfigureAwait(false);
        }

        if (slot is { } held)
        {
            // From now on the slot is held by the live execution: freed when it ends, even if this process dies.
            await _queue.AttachAsync(held.Slots, held.Group, held.Ticket, execution.Id).ConfigureAwait(false);
        }

        options.Launched?.Invoke(execution);

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
