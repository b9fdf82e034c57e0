namespace Batch.Model;

/// <summary>One attempt at running a <see cref="JobInstance"/>: its status, exit status, times, parameters and steps.</summary>
public sealed class JobExecution : Entity
{
    private readonly Lock _lock = new();
    private StepExecution[] _stepExecutions = [];

    /// <summary>Creates an execution of an instance.</summary>
    /// <param name="jobInstance">The instance.</param>
    /// <param name="jobParameters">The parameters of this attempt (identifying ones equal the instance's).</param>
    /// <param name="createTime">When it was created.</param>
    public JobExecution(JobInstance jobInstance, JobParameters jobParameters, DateTimeOffset createTime)
    {
        ArgumentNullException.ThrowIfNull(jobInstance);
        ArgumentNullException.ThrowIfNull(jobParameters);
        JobInstance = jobInstance;
        JobParameters = jobParameters;
        CreateTime = createTime;
    }

    /// <summary>The instance this execution belongs to.</summary>
    public JobInstance JobInstance { get; }

    /// <summary>The job's name.</summary>
    public string JobName => JobInstance.JobName;

    /// <summary>The parameters of this attempt.</summary>
    public JobParameters JobParameters { get; }

    /// <summary>When the execution was created.</summary>
    public DateTimeOffset CreateTime { get; }

    /// <summary>The step executions of this attempt, in the order they started (a snapshot: steps of parallel flows may be added meanwhile).</summary>
    public IReadOnlyList<StepExecution> StepExecutions => Volatile.Read(ref _stepExecutions);

    /// <summary>
    /// True when the launch of this execution created its job instance: it is the instance's first execution, so no step
    /// has any history before it and the job reads none from the repository. Set by job repositories (<see cref="Repository.PersistedState"/>).
    /// </summary>
    public bool CreatedInstance { get; internal set; }

    /// <summary>True while the execution is starting, started or stopping.</summary>
    public bool IsRunning => Status.IsRunning();

    /// <summary>True once a stop was requested (status STOPPING).</summary>
    public bool IsStopping => Status == BatchStatus.Stopping;

    /// <summary>Creates a step execution of this job execution (not yet saved). Safe to call from parallel flows.</summary>
    /// <param name="stepName">The step's name.</param>
    /// <returns>The new step execution.</returns>
    public StepExecution CreateStepExecution(string stepName)
    {
        var step = new StepExecution(stepName, this);
        Append(step);
        return step;
    }

    /// <summary>Adds a step execution loaded by a job repository.</summary>
    /// <param name="stepExecution">The step execution, which must belong to this job execution.</param>
    public void AddStepExecution(StepExecution stepExecution)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        if (!ReferenceEquals(stepExecution.JobExecution, this))
        {
            throw new ArgumentException("The step execution belongs to another job execution.", nameof(stepExecution));
        }

        lock (_lock)
        {
            if (!_stepExecutions.Contains(stepExecution))
            {
                Append(stepExecution);
            }
        }
    }

    private void Append(StepExecution stepExecution)
    {
        lock (_lock)
        {
            Volatile.Write(ref _stepExecutions, [.. _stepExecutions, stepExecution]);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"JobExecution {Id} of '{JobName}' (instance {JobInstance.Id}): {Status.ToCode()}, exit {ExitStatus.ExitCode}";
}
