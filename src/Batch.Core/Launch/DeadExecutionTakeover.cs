using Batch.Jobs;
using Batch.Repository;
using Microsoft.Extensions.Logging;

namespace Batch.Launch;

/// <summary>
/// What a launch does when the instance it launches is refused as running (<see cref="Hosting.BatchOptions.TakeOverDeadExecutionsAfter"/>):
/// when the live execution's heartbeat has been silent for longer than the threshold, it ends that execution FAILED through
/// <see cref="IJobRepository.EndSilentJobExecutionAsync"/> — atomically, and only while it is still silent and unchanged — and
/// launches again. A launch that loses the race (another one ended it first, or the execution beat meanwhile) launches once
/// more, and is refused as running if the winner's execution is there.
/// </summary>
internal sealed class DeadExecutionTakeover
{
    private readonly IJobRepository _repository;
    private readonly TimeProvider _time;
    private readonly TimeSpan _threshold;
    private readonly ILogger _logger;

    public DeadExecutionTakeover(IJobRepository repository, TimeProvider time, TimeSpan threshold, ILogger logger)
    {
        _repository = repository;
        _time = time;
        _threshold = threshold;
        _logger = logger;
    }

    /// <summary>The launch after a refusal: takes the live execution over when it is dead, then creates the new execution.</summary>
    /// <param name="job">The job.</param>
    /// <param name="parameters">The launch's parameters.</param>
    /// <param name="refused">The refusal of the first attempt, thrown again when the live execution is alive.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The new execution, created STARTED.</returns>
    public async Task<JobExecution> LaunchAsync(IJob job, JobParameters parameters, JobExecutionAlreadyRunningException refused, CancellationToken cancellationToken)
    {
        var live = await FindLiveAsync(job.Name, parameters, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            // It ended between the refusal and this read: launch once more (refused again only if another launch got in first).
            return await CreateAsync(job, parameters, cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var silence = now - Heartbeats.Latest(live);
        if (silence <= _threshold)
        {
            throw refused; // alive: the normal refusal
        }

        var description =
            $"Taken over by a launch in process {Environment.ProcessId} on host '{Environment.MachineName}' at {now:u}: its heartbeat had been silent for " +
            $"{Heartbeats.Describe(silence)}, longer than Batch:TakeOverDeadExecutionsAfter ({Heartbeats.Describe(_threshold)}), so its process was taken for dead; " +
            "marked FAILED and the instance launched again, from its last committed chunk.";
        var steps = new List<StepExecution>();
        foreach (var step in live.StepExecutions.Where(s => s.Status != BatchStatus.Completed && s.Status != BatchStatus.Failed))
        {
            step.Status = BatchStatus.Failed;
            step.ExitStatus = new ExitStatus(ExitStatus.Failed.ExitCode, description);
            step.EndTime ??= now;
            steps.Add(step);
        }

        live.Status = BatchStatus.Failed;
        live.ExitStatus = new ExitStatus(ExitStatus.Failed.ExitCode, description);
        live.EndTime ??= now;
        string? lost;
        try
        {
            lost = await _repository.EndSilentJobExecutionAsync(live, steps, now - _threshold, cancellationToken).ConfigureAwait(false)
                ? null
                : "its heartbeat is fresh again";
        }
        catch (OptimisticLockingFailureException)
        {
            lost = "it was changed meanwhile (by its own process, an operator, or another launch taking it over)";
        }

        if (lost is null)
        {
            LaunchLog.TookOver(_logger, job.Name, live.Id, live.JobInstance.Id, Heartbeats.Describe(silence), Heartbeats.Describe(_threshold), steps.Count);
        }
        else
        {
            LaunchLog.TakeoverLost(_logger, job.Name, live.Id, lost);
        }

        // Once, whoever won: the winner creates the new execution; a loser is refused as running when the winner's is there.
        return await CreateAsync(job, parameters, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<JobExecution> CreateAsync(IJob job, JobParameters parameters, CancellationToken cancellationToken) =>
        _repository.CreateJobExecutionAsync(JobLauncher.Request(job, parameters, _time.GetUtcNow()), cancellationToken);

    /// <summary>The instance's live execution with its steps, read again; null when it has none any more.</summary>
    private async Task<JobExecution?> FindLiveAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken)
    {
        var instance = await _repository.GetJobInstanceAsync(jobName, parameters, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return null;
        }

        var running = (await _repository.GetRunningJobExecutionsAsync(jobName, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(e => e.JobInstance.Id == instance.Id);
        var execution = running is null ? null : await _repository.GetJobExecutionAsync(running.Id, cancellationToken).ConfigureAwait(false);
        return execution is { IsRunning: true } ? execution : null;
    }
}
