using Batch.Repository;
using Microsoft.Extensions.Logging;

namespace Batch.Partitioning;

/// <summary>
/// The manager of remote partitioning: writes the partitions into the <see cref="IPartitionQueue"/> (which wakes the workers), then
/// reads their state every poll interval until all have ended, logging progress across them. Cancellation stops waiting partitions
/// and asks running ones to stop; it still waits for those to end (or for their worker's lease to run out), so that no worker runs
/// a partition of this execution after the step has ended.
/// </summary>
internal sealed class RemotePartitionHandler(RemotePartitioningOptions options) : PartitionHandler
{
    /// <inheritdoc />
    public override bool IsRemote => true;

    /// <inheritdoc />
    public override async Task<PartitionResults> RunAsync(PartitionRun run, CancellationToken cancellationToken)
    {
        var runtime = run.Context.Runtime;
        var queue = ResolveQueue(run);
        var logger = runtime.LoggerFactory.CreateLogger(BatchLogCategories.Progress);
        var jobExecution = run.Manager.JobExecution;
        var stepName = run.Step.Name;
        var done = await CompletedEarlierAsync(run, cancellationToken).ConfigureAwait(false);
        var work = run.Partitions.Where(p => !done.Contains(p.Name))
            .Select(p => new PartitionWork(p.Name, run.StepNameOf(p), ExecutionContextSerializer.Serialize(p.Context))).ToArray();
        await queue.EnqueueAsync(new PartitionSet(jobExecution.Id, jobExecution.JobName, stepName, run.Step.WorkerStep.Name, work), cancellationToken).ConfigureAwait(false);
        PartitionLog.Enqueued(logger, stepName, work.Length, jobExecution.Id);
        if (done.Count > 0)
        {
            PartitionLog.SkippedCompleted(logger, stepName, done.Count);
        }

        var stopRequested = false;
        var lastProgress = runtime.TimeProvider.GetTimestamp();
        string? lastLine = null;
        IReadOnlyList<PartitionState> states;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested && !stopRequested)
            {
                await queue.RequestStopAsync(jobExecution.Id, stepName, CancellationToken.None).ConfigureAwait(false);
                PartitionLog.StopRequested(logger, stepName);
                stopRequested = true;
            }

            states = await queue.GetPartitionsAsync(jobExecution.Id, stepName, CancellationToken.None).ConfigureAwait(false);
            var ended = states.All(s => s.HasEnded || (stopRequested && s.LeaseExpired));
            var line = Describe(states);
            if (ended || (line != lastLine && runtime.TimeProvider.GetElapsedTime(lastProgress) >= options.ProgressInterval))
            {
                LogProgress(logger, stepName, states);
                lastLine = line;
                lastProgress = runtime.TimeProvider.GetTimestamp();
            }

            if (ended)
            {
                break;
            }

            try
            {
                await Task.Delay(options.PollInterval, runtime.TimeProvider, stopRequested ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // asked to stop: the next round requests the stop and keeps waiting for running partitions
            }
        }

        var results = await CollectAsync(run, states, done, runtime.Repository).ConfigureAwait(false);
        await queue.DeleteAsync(jobExecution.Id, stepName, CancellationToken.None).ConfigureAwait(false);
        return results;
    }

    private static IPartitionQueue ResolveQueue(PartitionRun run) =>
        run.Context.Services.GetService(typeof(IPartitionQueue)) as IPartitionQueue
        ?? throw new BatchException(
            $"Step '{run.Step.Name}' runs its partitions remotely, but no partition queue is registered. Remote partitioning needs the PostgreSQL " +
            "job repository: register it with batch.UsePostgres(...).AddRemotePartitioning() and start workers with the 'worker' command. " +
            "With SQLite or the in-memory repository, run the partitions on this process: leave out .Remote() (the local handler, GridSize threads).");

    /// <summary>How each partition ended, and the partitions' step executions in this job execution, read from the job repository.</summary>
    /// <summary>
    /// The partitions that completed in an earlier execution of the instance (on a restart): they are not handed to workers again, as
    /// the local handler skips them (unless the worker step allows start if complete).
    /// </summary>
    private static async Task<HashSet<string>> CompletedEarlierAsync(PartitionRun run, CancellationToken cancellationToken)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var jobExecution = run.Manager.JobExecution;
        if (jobExecution.CreatedInstance || run.Step.WorkerStep.AllowStartIfComplete)
        {
            return done;
        }

        foreach (var partition in run.Partitions)
        {
            var history = await run.Context.Runtime.Repository.GetStepHistoryAsync(jobExecution.JobInstance, run.StepNameOf(partition), cancellationToken)
                .ConfigureAwait(false);
            if (history.LastExecution is { Status: BatchStatus.Completed } last && last.JobExecution.Id != jobExecution.Id)
            {
                done.Add(partition.Name);
            }
        }

        return done;
    }

    private static async Task<PartitionResults> CollectAsync(PartitionRun run, IReadOnlyList<PartitionState> states, HashSet<string> done, IJobRepository repository)
    {
        var jobExecution = run.Manager.JobExecution;
        var stored = await repository.GetJobExecutionAsync(jobExecution.Id, CancellationToken.None).ConfigureAwait(false);
        var names = run.Partitions.ToDictionary(run.StepNameOf, p => p.Name, StringComparer.Ordinal);
        // Copied onto the manager's own job execution, so that its caller sees the partitions' step executions as with the local handler.
        var executions = stored is null ? [] : stored.StepExecutions.Where(s => names.ContainsKey(s.StepName)).OrderBy(s => s.Id)
            .Select(s => CopyOnto(jobExecution, s)).ToList();
        var outcomes = done.ToDictionary(n => n, _ => new PartitionOutcome(BatchStatus.Completed, null), StringComparer.Ordinal);
        foreach (var state in states)
        {
            var status = state.Status switch
            {
                PartitionStatus.Completed => BatchStatus.Completed,
                PartitionStatus.Failed => BatchStatus.Failed,
                _ => BatchStatus.Stopped,
            };
            outcomes[state.Name] = new PartitionOutcome(status, state.Message);
        }

        return new PartitionResults(outcomes, executions);
    }

    private static StepExecution CopyOnto(JobExecution jobExecution, StepExecution stored)
    {
        var copy = new StepExecution(stored.StepName, jobExecution)
        {
            Status = stored.Status,
            ExitStatus = stored.ExitStatus,
            StartTime = stored.StartTime,
            EndTime = stored.EndTime,
            ExecutionContext = stored.ExecutionContext,
        };
        PersistedState.SetId(copy, stored.Id);
        PersistedState.SetVersion(copy, stored.Version);
        PersistedState.SetLastUpdated(copy, stored.LastUpdated);
        PersistedState.SetCounts(copy, stored.ReadCount, stored.WriteCount, stored.FilterCount, stored.CommitCount, stored.RollbackCount,
            stored.ReadSkipCount, stored.ProcessSkipCount, stored.WriteSkipCount);
        jobExecution.AddStepExecution(copy);
        return copy;
    }

    private static string Describe(IReadOnlyList<PartitionState> states)
    {
        long read = 0, written = 0;
        int done = 0, running = 0;
        foreach (var state in states)
        {
            read += state.Progress.ReadCount;
            written += state.Progress.WriteCount;
            done += state.HasEnded ? 1 : 0;
            running += state.Status == PartitionStatus.Claimed ? 1 : 0;
        }

        return $"{done}/{running}/{read}/{written}";
    }

    private static void LogProgress(ILogger logger, string stepName, IReadOnlyList<PartitionState> states)
    {
        int done = 0, failed = 0, stopped = 0, running = 0, waiting = 0;
        long read = 0, written = 0;
        foreach (var state in states)
        {
            read += state.Progress.ReadCount;
            written += state.Progress.WriteCount;
            switch (state.Status)
            {
                case PartitionStatus.Completed: done++; break;
                case PartitionStatus.Failed: done++; failed++; break;
                case PartitionStatus.Stopped: done++; stopped++; break;
                case PartitionStatus.Claimed: running++; break;
                default: waiting++; break;
            }
        }

        PartitionLog.Progress(logger, stepName, done, failed, stopped, running, waiting, states.Count, read, written);
    }
}
