using System.Globalization;
using Batch.Hosting;
using Batch.Repository;

namespace Batch.Launch;

/// <summary>The operator over a registry, a launcher and a job repository.</summary>
public sealed class JobOperator : IJobOperator
{
    private readonly IJobRegistry _registry;
    private readonly IJobLauncher _launcher;
    private readonly IJobRepository _repository;
    private readonly TimeProvider _time;
    private readonly int _stopAttempts;
    private readonly TimeSpan _staleAfter;
    private readonly TimeSpan? _takeOverAfter;

    /// <summary>Creates an operator.</summary>
    /// <param name="registry">The jobs.</param>
    /// <param name="launcher">Runs jobs.</param>
    /// <param name="repository">The job repository.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="options">
    /// The settings (<see cref="BatchOptions.StopUpdateAttempts"/>, and <see cref="BatchOptions.RecoverStaleAfter"/>: how long a
    /// running execution's heartbeat must be silent before <see cref="StopAsync"/> takes its process for dead); the defaults when null.
    /// </param>
    public JobOperator(IJobRegistry registry, IJobLauncher launcher, IJobRepository repository, TimeProvider? timeProvider = null, BatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(repository);
        _registry = registry;
        _launcher = launcher;
        _repository = repository;
        _time = timeProvider ?? TimeProvider.System;
        var settings = options ?? new BatchOptions();
        _stopAttempts = Math.Max(1, settings.StopUpdateAttempts);
        _staleAfter = settings.RecoverStaleAfter < TimeSpan.Zero ? BatchOptions.DefaultRecoverStaleAfter : settings.RecoverStaleAfter;
        _takeOverAfter = settings.TakeOverDeadExecutionsAfter;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> JobNames => _registry.JobNames;

    /// <inheritdoc />
    public Task<JobExecution> StartAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken) =>
        StartAsync(jobName, parameters, LaunchOptions.Default, cancellationToken);

    /// <inheritdoc />
    public Task<JobExecution> StartAsync(string jobName, string parameters, CancellationToken cancellationToken) =>
        StartAsync(jobName, parameters, LaunchOptions.Default, cancellationToken);

    /// <inheritdoc />
    public Task<JobExecution> StartAsync(string jobName, JobParameters parameters, LaunchOptions options, CancellationToken cancellationToken) =>
        LaunchAsync(_registry.GetJob(jobName), parameters, options, cancellationToken);

    /// <inheritdoc />
    public Task<JobExecution> StartAsync(string jobName, string parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        var job = _registry.GetJob(jobName);
        return LaunchAsync(job, JobParameters.Parse(parameters), options, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JobExecution> StartNextInstanceAsync(string jobName, JobParameters? parameters, CancellationToken cancellationToken) =>
        StartNextInstanceAsync(jobName, parameters, LaunchOptions.Default, cancellationToken);

    /// <summary>How many instances that have ended for good 'next' counts past before it lets the launch refuse.</summary>
    private const int MaxNextSteps = 1000;

    /// <inheritdoc />
    public async Task<JobExecution> StartNextInstanceAsync(string jobName, JobParameters? parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        var job = _registry.GetJob(jobName);
        var incrementer = job.Incrementer ?? throw new JobParametersInvalidException(
            $"Job '{jobName}' has no parameters incrementer, so it has no 'next' instance: give it one with .Incrementer(new RunIdIncrementer()), or run it with parameters.");
        async Task<JobParameters> NextAsync(CancellationToken ct)
        {
            var previous = JobParameters.Empty;
            var last = await _repository.GetJobInstancesAsync(jobName, 0, 1, ct).ConfigureAwait(false);
            if (last.Count > 0 && await _repository.GetLastJobExecutionAsync(last[0], ct).ConfigureAwait(false) is { } lastExecution)
            {
                previous = lastExecution.JobParameters;
            }

            // The incrementer counts on from the newest instance; when that lands on an instance that has ended for good (the newest one
            // was run by hand without a run.id, say), it counts on again, so 'next' always means a new instance.
            for (var step = 0; ; step++)
            {
                var next = incrementer.GetNext(previous);
                var candidate = parameters is null ? next : next.Merge(parameters);
                var typed = job.Validator?.ApplyDeclaredTypes(candidate) ?? candidate;
                if (step == MaxNextSteps
                    || await _repository.GetJobInstanceAsync(jobName, typed, ct).ConfigureAwait(false) is not { } taken
                    || await _repository.GetLastJobExecutionAsync(taken, ct).ConfigureAwait(false) is not { Status: BatchStatus.Completed or BatchStatus.Abandoned })
                {
                    return candidate;
                }

                previous = next;
            }
        }

        if (_launcher is not JobLauncher launcher)
        {
            return await LaunchAsync(job, await NextAsync(cancellationToken).ConfigureAwait(false), options, cancellationToken).ConfigureAwait(false);
        }

        // Bad parameters are refused before a queued launch waits (the launcher checks them again when they are settled); the instance is
        // numbered when its turn comes.
        if (options.Wait && job.Validator is { } validator)
        {
            validator.Validate(validator.ApplyDeclaredTypes(await NextAsync(cancellationToken).ConfigureAwait(false)));
        }

        JobParameters? launched = null;
        try
        {
            return await launcher.RunAsync(
                job,
                async ct => launched = await NextAsync(ct).ConfigureAwait(false),
                options,
                cancellationToken).ConfigureAwait(false);
        }
        catch (JobExecutionAlreadyRunningException refused) when (refused is not LaunchSlotUnavailableException && launched is not null)
        {
            if (await ExplainRunningAsync(job, job.Validator?.ApplyDeclaredTypes(launched) ?? launched, refused, cancellationToken).ConfigureAwait(false) is { } explained)
            {
                throw explained;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobExecution>> CatchUpAsync(string jobName, JobParameters? parameters, CancellationToken cancellationToken) =>
        CatchUpAsync(jobName, parameters, LaunchOptions.Default, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobExecution>> CatchUpAsync(string jobName, JobParameters? parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        var job = _registry.GetJob(jobName);
        var dateParameter = (job as Jobs.JobBase)?.BusinessDateParameter ?? throw new JobParametersInvalidException(
            $"Job '{jobName}' declares no business date, so it has no dates to catch up: give it one with .BusinessDate(\"date\") on its JobBuilder, or run it with its parameters.");
        var others = parameters ?? JobParameters.Empty;
        if (others.ContainsKey(dateParameter))
        {
            throw new JobParametersInvalidException(
                $"catch-up picks the dates of job '{jobName}' itself: leave out '{dateParameter}' (to run one date, use: run {jobName} {dateParameter}:date=yyyy-MM-dd).");
        }

        var today = DateOnly.FromDateTime(_time.GetLocalNow().DateTime);
        var dates = await CatchUpDates.FindAsync(_repository, jobName, dateParameter, others, today, cancellationToken).ConfigureAwait(false);
        var executions = new List<JobExecution>(dates.Count);
        foreach (var date in dates)
        {
            var execution = await LaunchAsync(job, new JobParametersBuilder(others).AddDate(dateParameter, date).Build(), options, cancellationToken).ConfigureAwait(false);
            executions.Add(execution);
            if (execution.Status != BatchStatus.Completed)
            {
                break;
            }
        }

        return executions;
    }

    /// <inheritdoc />
    public Task<JobExecution> RestartAsync(long executionId, CancellationToken cancellationToken) =>
        RestartAsync(executionId, LaunchOptions.Default, cancellationToken);

    /// <inheritdoc />
    public async Task<JobExecution> RestartAsync(long executionId, LaunchOptions options, CancellationToken cancellationToken)
    {
        var execution = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        switch (execution.Status)
        {
            case BatchStatus.Completed:
                throw new JobInstanceAlreadyCompleteException(
                    $"Execution {executionId} of job '{execution.JobName}' completed; there is nothing to restart.");
            case BatchStatus.Abandoned:
                throw new JobRestartException(
                    $"Execution {executionId} of job '{execution.JobName}' was ABANDONED, which is final: instance {execution.JobInstance.Id} is not run again. " +
                    "Launch the job with other identifying parameters, or use 'next' if it has an incrementer.");
            // Running: refused, unless silent for longer than BatchOptions.TakeOverDeadExecutionsAfter (the launch then takes it over, or says why not).
            case var s when s.IsRunning() && !(_takeOverAfter is { } takeOver && _time.GetUtcNow() - Heartbeat(execution) > takeOver):
                throw new JobExecutionAlreadyRunningException(StillRunning(execution, "restarted"));
        }

        var job = _registry.GetJob(execution.JobName);
        return await LaunchAsync(job, execution.JobParameters, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LaunchTicket>> GetLaunchTicketsAsync(string? groupName, CancellationToken cancellationToken) =>
        _repository.LaunchSlots is { } slots ? await slots.GetTicketsAsync(groupName, cancellationToken).ConfigureAwait(false) : [];

    /// <inheritdoc />
    /// <remarks>
    /// An execution whose heartbeat has been silent for longer than <see cref="BatchOptions.RecoverStaleAfter"/> has no process
    /// left to see the request: it is marked STOPPED (restartable) at once, with its unfinished steps, instead of STOPPING.
    /// </remarks>
    public async Task<JobExecution> StopAsync(long executionId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var execution = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
            if (!execution.IsRunning)
            {
                throw new JobExecutionNotRunningException(
                    $"Execution {executionId} of job '{execution.JobName}' is {execution.Status.ToCode()}, not running; there is nothing to stop.");
            }

            var silentSince = _time.GetUtcNow() - _staleAfter;
            try
            {
                if (Heartbeat(execution) <= silentSince)
                {
                    if (await TryEndAsync(execution, BatchStatus.Stopped, silentSince, $"Marked STOPPED by an operator: its heartbeat had been silent for {Silence(execution)}.", cancellationToken).ConfigureAwait(false))
                    {
                        return execution;
                    }

                    continue; // it came alive meanwhile: read it again, and ask it to stop
                }

                if (execution.Status == BatchStatus.Stopping)
                {
                    return execution;
                }

                execution.Status = BatchStatus.Stopping;
                await _repository.RequestStopAsync(execution, cancellationToken).ConfigureAwait(false); // the heartbeat is left as it was
                return execution;
            }
            catch (OptimisticLockingFailureException) when (attempt < _stopAttempts)
            {
                // the running process saved the execution meanwhile: read it again and retry
            }
        }
    }

    /// <inheritdoc />
    public async Task<JobExecution> MarkEndedAsync(long executionId, BatchStatus status, TimeSpan silentFor, CancellationToken cancellationToken)
    {
        if (status is not (BatchStatus.Failed or BatchStatus.Abandoned))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An execution can only be marked FAILED (restartable) or ABANDONED.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(silentFor, TimeSpan.Zero);
        for (var attempt = 1; ; attempt++)
        {
            var execution = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
            switch (execution.Status)
            {
                case BatchStatus.Completed:
                    throw new JobRestartException($"Execution {executionId} of job '{execution.JobName}' completed; it cannot be marked {status.ToCode()}.");
                case BatchStatus.Abandoned when status == BatchStatus.Abandoned:
                case BatchStatus.Failed or BatchStatus.Stopped when status == BatchStatus.Failed:
                    // Already ended and restartable: nothing to mark, and its own reason stays.
                    return execution;
                case BatchStatus.Abandoned:
                    throw new JobRestartException(
                        $"Execution {executionId} of job '{execution.JobName}' was ABANDONED, which is final; it cannot be marked {status.ToCode()}. " +
                        "Launch the job with other identifying parameters to run it again.");
            }

            var silentSince = _time.GetUtcNow() - silentFor;
            try
            {
                // An ended execution (FAILED, STOPPED) keeps what it ended with after the operator's mark.
                var description = $"Marked {status.ToCode()} by an operator." + (execution.IsRunning || string.IsNullOrEmpty(execution.ExitStatus.ExitDescription)
                    ? string.Empty
                    : $" It had ended {execution.Status.ToCode()}: {execution.ExitStatus.ExitDescription}");
                if (await TryEndAsync(execution, status, silentSince, description, cancellationToken).ConfigureAwait(false))
                {
                    return execution;
                }
            }
            catch (OptimisticLockingFailureException)
            {
                // saved by its process meanwhile: read it again; if that keeps happening, it is alive
                if (attempt < _stopAttempts)
                {
                    continue;
                }
            }

            var fresh = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
            if (silentFor == TimeSpan.Zero)
            {
                // Refused at age 0 only when its process kept saving it meanwhile: it is alive, whatever the operator believed.
                throw new JobExecutionAlreadyRunningException(
                    $"Execution {executionId} of job '{fresh.JobName}' is {fresh.Status.ToCode()} and alive: its process saved it again while it was being " +
                    $"marked {status.ToCode()}, {_stopAttempts} times, so it was not marked. Use 'stop {executionId}' to end it at its next chunk boundary.");
            }

            throw new JobExecutionAlreadyRunningException(
                $"Execution {executionId} of job '{fresh.JobName}' is {fresh.Status.ToCode()} and alive: its last heartbeat was {Silence(fresh)} ago, " +
                $"less than {Silence(silentFor)}, so it was not marked {status.ToCode()}. Use 'stop {executionId}' to end it at its next chunk boundary; " +
                $"if you know its process is gone, '{(status == BatchStatus.Failed ? "fail" : "abandon")} {executionId} 0'.");
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobExecution>> RecoverAsync(TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(staleAfter, TimeSpan.Zero);
        var deadline = _time.GetUtcNow() - staleAfter;
        var recovered = new List<JobExecution>();
        var names = (await _repository.GetJobNamesAsync(cancellationToken).ConfigureAwait(false)).Union(_registry.JobNames);
        foreach (var name in names)
        {
            foreach (var running in await _repository.GetRunningJobExecutionsAsync(name, cancellationToken).ConfigureAwait(false))
            {
                var execution = await GetAsync(running.Id, cancellationToken).ConfigureAwait(false);
                var heartbeat = Heartbeat(execution);
                if (execution.IsRunning && heartbeat <= deadline)
                {
                    try
                    {
                        if (await TryEndAsync(execution, BatchStatus.Failed, deadline, "Marked FAILED by recover: its heartbeat had been silent for " + Silence(execution) + ".", cancellationToken).ConfigureAwait(false))
                        {
                            recovered.Add(execution);
                        }
                    }
                    catch (OptimisticLockingFailureException)
                    {
                        // its process saved it meanwhile: it is alive
                    }
                }
            }
        }

        return recovered;
    }

    /// <inheritdoc />
    public Task<DeletedHistory> DeleteHistoryAsync(TimeSpan olderThan, bool includeRestartable, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        if (olderThan > now - DateTimeOffset.MinValue)
        {
            throw new ArgumentOutOfRangeException(nameof(olderThan), olderThan, "The age reaches back before the year 1.");
        }

        return _repository.DeleteJobInstancesEndedBeforeAsync(now - olderThan, includeRestartable, cancellationToken).AsTask();
    }

    private static DateTimeOffset Heartbeat(JobExecution execution) => Heartbeats.Latest(execution);

    private static string Silence(TimeSpan age) => Heartbeats.Describe(age);

    private string Silence(JobExecution execution) => Silence(_time.GetUtcNow() - Heartbeat(execution));

    /// <summary>Why an execution that looks running cannot be restarted or run again, with what to do: how long it has been silent says whether its process is likely gone.</summary>
    private string StillRunning(JobExecution execution, string what)
    {
        var silence = _time.GetUtcNow() - Heartbeat(execution);
        var head = $"Execution {execution.Id} of job '{execution.JobName}' (instance {execution.JobInstance.Id}) is still {execution.Status.ToCode()}, so it cannot be {what}";
        return silence > _staleAfter
            ? $"{head}; its heartbeat has been silent for {Silence(silence)} (longer than {Silence(_staleAfter)}), so its process has probably died. " +
              $"Run 'recover' to mark every such execution FAILED (restartable), or 'fail {execution.Id}' for this one; then run it again" +
              (_takeOverAfter is null ? " (with Batch:TakeOverDeadExecutionsAfter set, a launch takes such an execution over by itself)." : ".")
            : $"{head}; its last heartbeat was {Silence(silence)} ago, so it is probably running: wait for it to end, or 'stop {execution.Id}' it. " +
              $"If you know its process died, 'fail {execution.Id} 0' marks it FAILED now ('recover' does once it has been silent for {Silence(_staleAfter)}).";
    }

    /// <summary>Runs a job; a refusal because its instance is running says how long that execution has been silent and what to do.</summary>
    private async Task<JobExecution> LaunchAsync(Jobs.IJob job, JobParameters parameters, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        parameters = BusinessDateParameter.ApplyType(job, parameters);
        parameters = job.Validator?.ApplyDeclaredTypes(parameters) ?? parameters;
        try
        {
            return await _launcher.RunAsync(job, parameters, options, cancellationToken).ConfigureAwait(false);
        }
        catch (JobExecutionAlreadyRunningException refused) when (refused is not LaunchSlotUnavailableException)
        {
            if (await ExplainRunningAsync(job, parameters, refused, cancellationToken).ConfigureAwait(false) is { } explained)
            {
                throw explained;
            }

            throw;
        }
    }

    /// <summary>The refusal of a launch whose instance is running, saying how long that execution has been silent and what to do; null when none is running.</summary>
    private async Task<Exception?> ExplainRunningAsync(Jobs.IJob job, JobParameters parameters, JobExecutionAlreadyRunningException refused, CancellationToken cancellationToken)
    {
        var instance = await _repository.GetJobInstanceAsync(job.Name, parameters, cancellationToken).ConfigureAwait(false);
        var running = instance is null ? null : (await _repository.GetRunningJobExecutionsAsync(job.Name, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(e => e.JobInstance.Id == instance.Id);
        var execution = running is null ? null : await _repository.GetJobExecutionAsync(running.Id, cancellationToken).ConfigureAwait(false);
        return execution is null || !execution.IsRunning
            ? null
            : new JobExecutionAlreadyRunningException(
                $"Job '{job.Name}' with parameters [{parameters.Identifying()}] is already running: " + StillRunning(execution, "run again"), refused);
    }

    /// <summary>Ends an execution with its unfinished steps, atomically, unless it is running and has a heartbeat after <paramref name="silentSince"/>.</summary>
    private async Task<bool> TryEndAsync(JobExecution execution, BatchStatus status, DateTimeOffset silentSince, string description, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var steps = new List<StepExecution>();
        foreach (var step in execution.StepExecutions.Where(s => s.Status != BatchStatus.Completed && s.Status != status))
        {
            step.Status = status;
            step.ExitStatus = new ExitStatus(status.ToCode(), description);
            step.EndTime ??= now;
            steps.Add(step);
        }

        execution.Status = status;
        execution.ExitStatus = new ExitStatus(status.ToCode(), description);
        execution.EndTime ??= now;
        return await _repository.EndSilentJobExecutionAsync(execution, steps, silentSince, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobExecution> GetAsync(long executionId, CancellationToken cancellationToken) =>
        await _repository.GetJobExecutionAsync(executionId, cancellationToken).ConfigureAwait(false)
        ?? throw new NoSuchJobExecutionException($"There is no job execution with id {executionId}; 'list' shows the recent ones.");
}
