using System.Data.Common;

namespace Batch.Repository;

/// <summary>
/// A thread-safe job repository that lives in process memory. It keeps the same guarantees as the
/// database repositories within one process — one live execution per instance, completed instances
/// refused, atomic checkpoints, stop requests seen at chunk boundaries — and keeps contexts as snapshots:
/// values of immutable types (strings, numbers, dates) as they are, anything else as the JSON the databases
/// store, so what it returns are copies, never the live objects. Everything is lost
/// when the process ends: use it for tests and for jobs that need no restart across processes.
/// </summary>
public sealed partial class InMemoryJobRepository : IJobRepository
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<long, JobInstance> _instances = [];
    private readonly Dictionary<(string Name, string Key), JobInstance> _instancesByKey = [];
    private readonly Dictionary<long, List<long>> _executionsByInstance = [];
    private readonly Dictionary<long, StoredJobExecution> _executions = [];
    private readonly Dictionary<long, StoredStepExecution> _steps = [];
    private long _nextInstanceId;
    private long _nextExecutionId;
    private long _nextStepId;
    private InMemoryLaunchSlots? _launchSlots;

    /// <summary>Creates an empty repository.</summary>
    /// <param name="timeProvider">The clock for LAST_UPDATED; <see cref="TimeProvider.System"/> when null.</param>
    public InMemoryJobRepository(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <remarks>In memory: the tickets live in this process, beside the executions, and are lost with them.</remarks>
    public ILaunchSlots LaunchSlots => LazyInitializer.EnsureInitialized(ref _launchSlots, () => new InMemoryLaunchSlots(IsLive));

    /// <inheritdoc />
    public ValueTask<JobExecution> CreateJobExecutionAsync(JobLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Parameters.ToJobKey();
        lock (_lock)
        {
            var context = new BatchExecutionContext();
            var created = false;
            if (_instancesByKey.TryGetValue((request.JobName, key), out var instance))
            {
                var previous = _executionsByInstance[instance.Id].Select(id => _executions[id]).ToList();
                var last = LaunchRules.Check(request, instance, previous.Select(e => (e.Id, e.Status)).ToList());
                if (last is { } lastId)
                {
                    context = _executions[lastId].Context.Restore();
                }
            }
            else
            {
                instance = new JobInstance(++_nextInstanceId, request.JobName, key);
                _instances[instance.Id] = instance;
                _instancesByKey[(request.JobName, key)] = instance;
                _executionsByInstance[instance.Id] = [];
                created = true;
            }

            var now = _time.GetUtcNow();
            var execution = new JobExecution(instance, request.Parameters, request.CreateTimeAt(now))
            {
                Id = ++_nextExecutionId,
                Version = 0,
                Status = request.InitialStatus,
                ExitStatus = request.InitialExitStatus,
                StartTime = request.StartTime,
                LastUpdated = now,
                ExecutionContext = context,
                CreatedInstance = created,
            };
            _executions[execution.Id] = StoredJobExecution.From(execution, StoredContext.Capture(context));
            _executionsByInstance[instance.Id].Add(execution.Id);
            context.ClearDirty();
            return ValueTask.FromResult(execution);
        }
    }

    /// <inheritdoc />
    public ValueTask UpdateJobExecutionAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        lock (_lock)
        {
            var stored = GetStored(jobExecution);
            SaveJob(jobExecution, stored);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RequestStopAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        lock (_lock)
        {
            var stored = GetStored(jobExecution);
            var updated = stored with { Status = jobExecution.Status, Version = stored.Version + 1 };
            _executions[jobExecution.Id] = updated;
            jobExecution.Version = updated.Version;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SynchronizeStatusAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        lock (_lock)
        {
            if (_executions.TryGetValue(jobExecution.Id, out var stored) && stored.Version != jobExecution.Version)
            {
                jobExecution.Version = stored.Version;
                jobExecution.UpgradeStatus(stored.Status);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> TouchJobExecutionAsync(JobExecution jobExecution, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        lock (_lock)
        {
            if (!_executions.TryGetValue(jobExecution.Id, out var stored) || !stored.Status.IsRunning())
            {
                return ValueTask.FromResult(false);
            }

            _executions[jobExecution.Id] = stored with { LastUpdated = now };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<StepHistory> GetStepHistoryAsync(JobInstance instance, string stepName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_lock)
        {
            StoredStepExecution? last = null;
            var count = 0;
            foreach (var executionId in _executionsByInstance.GetValueOrDefault(instance.Id) ?? [])
            {
                foreach (var step in _executions[executionId].StepIds.Select(id => _steps[id]))
                {
                    if (step.StepName == stepName)
                    {
                        count++;
                        if (last is null || step.Id > last.Id)
                        {
                            last = step;
                        }
                    }
                }
            }

            var snapshot = last is null ? null : ToStepExecution(last, ToJobExecution(_executions[last.JobExecutionId], withSteps: false));
            return ValueTask.FromResult(new StepHistory(snapshot, count));
        }
    }

    /// <inheritdoc />
    public ValueTask AddStepExecutionAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        lock (_lock)
        {
            var job = GetStored(stepExecution.JobExecution, checkVersion: false);
            stepExecution.Id = ++_nextStepId;
            stepExecution.Version = 0;
            stepExecution.LastUpdated = _time.GetUtcNow();
            _steps[stepExecution.Id] = StoredStepExecution.From(stepExecution, StoredContext.Capture(stepExecution.ExecutionContext));
            job.StepIds.Add(stepExecution.Id);
            stepExecution.ExecutionContext.ClearDirty();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask UpdateStepExecutionAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        lock (_lock)
        {
            SaveStep(stepExecution);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IChunkTransaction> BeginChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        return ValueTask.FromResult<IChunkTransaction>(new ChunkTransaction(this, stepExecution));
    }

    /// <inheritdoc />
    /// <remarks>In memory a chunk transaction holds nothing, so the session hands out the same one at every chunk.</remarks>
    public ValueTask<IChunkSession> OpenChunkSessionAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        return ValueTask.FromResult<IChunkSession>(new ChunkSession(new ChunkTransaction(this, stepExecution)));
    }

    /// <inheritdoc />
    public ValueTask<DeletedHistory> DeleteJobInstancesEndedBeforeAsync(DateTimeOffset endedBefore, bool includeRestartable, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var doomed = _executionsByInstance.Where(pair => pair.Value.Count > 0 && IsDeletable(pair.Value.Select(id => _executions[id]).ToList()))
                .Select(pair => pair.Key).ToList();
            var executions = 0;
            foreach (var instanceId in doomed)
            {
                foreach (var executionId in _executionsByInstance[instanceId])
                {
                    foreach (var stepId in _executions[executionId].StepIds)
                    {
                        _steps.Remove(stepId);
                    }

                    _executions.Remove(executionId);
                    executions++;
                }

                var instance = _instances[instanceId];
                _instances.Remove(instanceId);
                _instancesByKey.Remove((instance.JobName, instance.JobKey));
                _executionsByInstance.Remove(instanceId);
            }

            return ValueTask.FromResult(new DeletedHistory(doomed.Count, executions));
        }

        bool IsDeletable(List<StoredJobExecution> executions)
        {
            var last = executions.MaxBy(e => e.Id)!;
            var ended = last.Status is BatchStatus.Completed or BatchStatus.Abandoned || (includeRestartable && !last.Status.IsRunning());
            return ended && last.EndTime is { } end && end < endedBefore && !executions.Any(e => e.Status.IsRunning());
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> EndSilentJobExecutionAsync(JobExecution jobExecution, IReadOnlyCollection<StepExecution> steps, DateTimeOffset silentSince, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        ArgumentNullException.ThrowIfNull(steps);
        lock (_lock)
        {
            var stored = GetStored(jobExecution);
            if (stored.Status.IsRunning() && stored.StepIds.Select(id => _steps[id].LastUpdated).Append(stored.LastUpdated).Any(h => h > silentSince))
            {
                return ValueTask.FromResult(false);
            }

            foreach (var step in steps)
            {
                if (!_steps.TryGetValue(step.Id, out var storedStep) || storedStep.Version != step.Version)
                {
                    throw new OptimisticLockingFailureException(
                        $"Step execution {step.Id} ('{step.StepName}') was changed by someone else; nothing was saved.");
                }
            }

            foreach (var step in steps)
            {
                SaveStep(step);
            }

            SaveJob(jobExecution, stored);
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>Whether an execution is live (STARTING, STARTED, STOPPING) with a heartbeat (its or a step's LAST_UPDATED) at or after <paramref name="since"/>.</summary>
    private bool IsLive(long executionId, DateTimeOffset since)
    {
        lock (_lock)
        {
            return _executions.TryGetValue(executionId, out var stored) && stored.Status.IsRunning()
                && stored.StepIds.Select(id => _steps[id].LastUpdated).Append(stored.LastUpdated).Any(h => h >= since);
        }
    }

    /// <summary>Stores a job execution over its stored record (under the lock): heartbeat, next version, context when it changed.</summary>
    private void SaveJob(JobExecution jobExecution, StoredJobExecution stored)
    {
        jobExecution.LastUpdated = _time.GetUtcNow();
        var context = jobExecution.ExecutionContext.IsDirty ? StoredContext.Capture(jobExecution.ExecutionContext) : stored.Context;
        var updated = StoredJobExecution.From(jobExecution, context, stored.StepIds) with { Version = stored.Version + 1 };
        _executions[jobExecution.Id] = updated;
        jobExecution.Version = updated.Version;
        jobExecution.ExecutionContext.ClearDirty();
    }

    private void SaveStep(StepExecution stepExecution)
    {
        if (!_steps.TryGetValue(stepExecution.Id, out var stored))
        {
            throw new InvalidOperationException($"Step execution {stepExecution.Id} ('{stepExecution.StepName}') was never added to this repository.");
        }

        if (stored.Version != stepExecution.Version)
        {
            throw new OptimisticLockingFailureException(
                $"Step execution {stepExecution.Id} ('{stepExecution.StepName}') was changed by someone else (stored version {stored.Version}, this copy {stepExecution.Version}); the stale copy was not saved.");
        }

        stepExecution.LastUpdated = _time.GetUtcNow();
        var context = stepExecution.ExecutionContext.IsDirty ? StoredContext.Capture(stepExecution.ExecutionContext) : stored.Context;
        stored.Save(stepExecution, context, stored.Version + 1);
        stepExecution.Version = stored.Version;
        stepExecution.ExecutionContext.ClearDirty();
        if (_executions.TryGetValue(stepExecution.JobExecution.Id, out var job) && job.Status == BatchStatus.Stopping)
        {
            stepExecution.TerminateOnly = true;
        }
    }

    private StoredJobExecution GetStored(JobExecution jobExecution, bool checkVersion = true)
    {
        if (!_executions.TryGetValue(jobExecution.Id, out var stored))
        {
            throw new NoSuchJobExecutionException($"Job execution {jobExecution.Id} does not exist in this repository.");
        }

        if (checkVersion && stored.Version != jobExecution.Version)
        {
            throw new OptimisticLockingFailureException(
                $"Job execution {jobExecution.Id} of '{jobExecution.JobName}' was changed by someone else (stored version {stored.Version}, this copy {jobExecution.Version}); " +
                "reload it and try again.");
        }

        return stored;
    }

    /// <summary>A chunk transaction: in memory, the checkpoint is saved at commit under the lock, and a rollback saves nothing.</summary>
    private sealed class ChunkTransaction(InMemoryJobRepository repository, StepExecution step) : IChunkTransaction
    {
        public DbConnection? Connection => null;

        public DbTransaction? Transaction => null;

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            lock (repository._lock)
            {
                repository.SaveStep(step);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask RollbackAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The session of one step: its one stateless chunk transaction, handed out at every chunk.</summary>
    private sealed class ChunkSession(ChunkTransaction transaction) : IChunkSession
    {
        public ValueTask<IChunkTransaction> BeginChunkAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IChunkTransaction>(transaction);

        /// <summary>A commit saves the whole step execution, its status and end included.</summary>
        public bool SavesStepEndWithLastChunk => true;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
