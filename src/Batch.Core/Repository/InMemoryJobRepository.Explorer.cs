namespace Batch.Repository;

public sealed partial class InMemoryJobRepository
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> GetJobNamesAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<string> names = [.. _instances.Values.Select(i => i.JobName).Distinct().Order(StringComparer.Ordinal)];
            return ValueTask.FromResult(names);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JobInstance>> GetJobInstancesAsync(string jobName, int start, int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<JobInstance> instances =
                [.. _instances.Values.Where(i => i.JobName == jobName).OrderByDescending(i => i.Id).Skip(start).Take(count)];
            return ValueTask.FromResult(instances);
        }
    }

    /// <inheritdoc />
    public ValueTask<JobInstance?> GetJobInstanceAsync(long instanceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_instances.GetValueOrDefault(instanceId));
        }
    }

    /// <inheritdoc />
    public ValueTask<JobInstance?> GetJobInstanceAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        lock (_lock)
        {
            return ValueTask.FromResult(_instancesByKey.GetValueOrDefault((jobName, parameters.ToJobKey())));
        }
    }

    /// <inheritdoc />
    public ValueTask<JobExecution?> GetJobExecutionAsync(long executionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_executions.TryGetValue(executionId, out var stored) ? ToJobExecution(stored, withSteps: true) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JobExecution>> GetJobExecutionsAsync(JobInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_lock)
        {
            IReadOnlyList<JobExecution> executions =
                [.. (_executionsByInstance.GetValueOrDefault(instance.Id) ?? []).OrderDescending().Select(id => ToJobExecution(_executions[id], withSteps: false))];
            return ValueTask.FromResult(executions);
        }
    }

    /// <inheritdoc />
    public ValueTask<JobExecution?> GetLastJobExecutionAsync(JobInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_lock)
        {
            var ids = _executionsByInstance.GetValueOrDefault(instance.Id);
            return ValueTask.FromResult(ids is { Count: > 0 } ? ToJobExecution(_executions[ids.Max()], withSteps: false) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JobExecution>> GetRunningJobExecutionsAsync(string jobName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<JobExecution> running =
                [.. _executions.Values.Where(e => e.Status.IsRunning() && _instances[e.JobInstanceId].JobName == jobName)
                    .OrderByDescending(e => e.Id).Select(e => ToJobExecution(e, withSteps: false))];
            return ValueTask.FromResult(running);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JobExecution>> FindJobExecutionsAsync(JobExecutionQuery query, int start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            // Ids only grow, so walking down from the newest reads no more than the page and what the filters pass over.
            var found = new List<JobExecution>(Math.Min(count, 1024));
            var skipped = 0;
            for (var id = _nextExecutionId; id > 0 && found.Count < count; id--)
            {
                if (!_executions.TryGetValue(id, out var stored)
                    || (query.Status is { } status && stored.Status != status)
                    || (query.JobName is { } job && !string.Equals(_instances[stored.JobInstanceId].JobName, job, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (skipped++ < start)
                {
                    continue;
                }

                found.Add(ToJobExecution(stored, withSteps: false));
            }

            return ValueTask.FromResult<IReadOnlyList<JobExecution>>(found);
        }
    }

    private JobExecution ToJobExecution(StoredJobExecution stored, bool withSteps)
    {
        var execution = new JobExecution(_instances[stored.JobInstanceId], stored.Parameters, stored.CreateTime)
        {
            Id = stored.Id,
            Version = stored.Version,
            Status = stored.Status,
            ExitStatus = stored.ExitStatus,
            StartTime = stored.StartTime,
            EndTime = stored.EndTime,
            LastUpdated = stored.LastUpdated,
            ExecutionContext = stored.Context.Restore(),
        };
        if (withSteps)
        {
            foreach (var stepId in stored.StepIds)
            {
                execution.AddStepExecution(ToStepExecution(_steps[stepId], execution));
            }
        }

        return execution;
    }

    private static StepExecution ToStepExecution(StoredStepExecution stored, JobExecution jobExecution) => new(stored.StepName, jobExecution)
    {
        Id = stored.Id,
        Version = stored.Version,
        Status = stored.Status,
        ExitStatus = stored.ExitStatus,
        StartTime = stored.StartTime,
        EndTime = stored.EndTime,
        LastUpdated = stored.LastUpdated,
        ReadCount = stored.ReadCount,
        WriteCount = stored.WriteCount,
        FilterCount = stored.FilterCount,
        CommitCount = stored.CommitCount,
        RollbackCount = stored.RollbackCount,
        ReadSkipCount = stored.ReadSkipCount,
        ProcessSkipCount = stored.ProcessSkipCount,
        WriteSkipCount = stored.WriteSkipCount,
        ExecutionContext = stored.Context.Restore(),
    };
}
