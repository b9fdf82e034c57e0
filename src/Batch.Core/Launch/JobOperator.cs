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

    /// <summary>Creates an operator.</summary>
    /// <param name="registry">The jobs.</param>
    /// <param name="launcher">Runs jobs.</param>
    /// <param name="repository">The job repository.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="options">The settings (<see cref="BatchOptions.StopUpdateAttempts"/>); the defaults when null.</param>
    public JobOperator(IJobRegistry registry, IJobLauncher launcher, IJobRepository repository, TimeProvider? timeProvider = null, BatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(repository);
        _registry = registry;
        _launcher = launcher;
        _repository = repository;
        _time = timeProvider ?? TimeProvider.System;
        _stopAttempts = Math.Max(1, (options ?? new BatchOptions()).StopUpdateAttempts);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> JobNames => _registry.JobNames;

    /// <inheritdoc />
    public Task<JobExecution> StartAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken) =>
        _launcher.RunAsync(_registry.GetJob(jobName), parameters, cancellationToken);

    /// <inheritdoc />
    public Task<JobExecution> StartAsync(string jobName, string parameters, CancellationToken cancellationToken)
    {
        var job = _registry.GetJob(jobName);
        return _launcher.RunAsync(job, JobParameters.Parse(parameters), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<JobExecution> StartNextInstanceAsync(string jobName, JobParameters? parameters, CancellationToken cancellationToken)
    {
        var job = _registry.GetJob(jobName);
        var incrementer = job.Incrementer ?? throw new JobParametersInvalidException(
            $"Job '{jobName}' has no parameters incrementer, so it has no 'next' instance: give it one with .Incrementer(new RunIdIncrementer()), or run it with parameters.");
        var previous = JobParameters.Empty;
        var last = await _repository.GetJobInstancesAsync(jobName, 0, 1, cancellationToken).ConfigureAwait(false);
        if (last.Count > 0 && await _repository.GetLastJobExecutionAsync(last[0], cancellationToken).ConfigureAwait(false) is { } lastExecution)
        {
            previous = lastExecution.JobParameters;
        }

        var next = incrementer.GetNext(previous);
        if (parameters is not null)
        {
            next = next.Merge(parameters);
        }

        return await _launcher.RunAsync(job, next, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobExecution> RestartAsync(long executionId, CancellationToken cancellationToken)
    {
        var execution = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        switch (execution.Status)
        {
            case BatchStatus.Completed:
                throw new JobInstanceAlreadyCompleteException(
                    $"Execution {executionId} of job '{execution.JobName}' completed; there is nothing to restart.");
            case var s when s.IsRunning():
                throw new JobExecutionAlreadyRunningException(
                    $"Execution {executionId} of job '{execution.JobName}' is still {s.ToCode()}; stop it first, or if its process died, mark it FAILED.");
        }

        var job = _registry.GetJob(execution.JobName);
        return await _launcher.RunAsync(job, execution.JobParameters, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
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

            if (execution.Status == BatchStatus.Stopping)
            {
                return execution;
            }

            execution.Status = BatchStatus.Stopping;
            try
            {
                await _repository.UpdateJobExecutionAsync(execution, cancellationToken).ConfigureAwait(false);
                return execution;
            }
            catch (OptimisticLockingFailureException) when (attempt < _stopAttempts)
            {
                // the running process saved the execution meanwhile: read it again and retry
            }
        }
    }

    /// <inheritdoc />
    public async Task<JobExecution> MarkEndedAsync(long executionId, BatchStatus status, CancellationToken cancellationToken)
    {
        if (status is not (BatchStatus.Failed or BatchStatus.Abandoned))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An execution can only be marked FAILED (restartable) or ABANDONED.");
        }

        var execution = await GetAsync(executionId, cancellationToken).ConfigureAwait(false);
        if (execution.Status == BatchStatus.Completed)
        {
            throw new JobRestartException($"Execution {executionId} of job '{execution.JobName}' completed; it cannot be marked {status.ToCode()}.");
        }

        var now = _time.GetUtcNow();
        foreach (var step in execution.StepExecutions.Where(s => s.Status != BatchStatus.Completed && s.Status != status))
        {
            step.Status = status;
            step.ExitStatus = new ExitStatus(status.ToCode(), $"Marked {status.ToCode()} by an operator.");
            step.EndTime ??= now;
            await _repository.UpdateStepExecutionAsync(step, cancellationToken).ConfigureAwait(false);
        }

        execution.Status = status;
        execution.ExitStatus = new ExitStatus(status.ToCode(), $"Marked {status.ToCode()} by an operator.");
        execution.EndTime ??= now;
        await _repository.UpdateJobExecutionAsync(execution, cancellationToken).ConfigureAwait(false);
        return execution;
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
                var heartbeat = execution.StepExecutions.Select(s => s.LastUpdated)
                    .Append(execution.LastUpdated).Append(execution.StartTime).Append(execution.CreateTime).Max();
                if (execution.IsRunning && heartbeat < deadline)
                {
                    recovered.Add(await MarkEndedAsync(execution.Id, BatchStatus.Failed, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        return recovered;
    }

    /// <inheritdoc />
    public Task<int> DeleteHistoryAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        return _repository.DeleteJobExecutionsEndedBeforeAsync(_time.GetUtcNow() - olderThan, cancellationToken).AsTask();
    }

    private async Task<JobExecution> GetAsync(long executionId, CancellationToken cancellationToken) =>
        await _repository.GetJobExecutionAsync(executionId, cancellationToken).ConfigureAwait(false)
        ?? throw new NoSuchJobExecutionException($"There is no job execution with id {executionId}; 'list' shows the recent ones.");
}
