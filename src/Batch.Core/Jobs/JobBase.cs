using Batch.Engine;
using Batch.Listeners;
using Batch.Steps;
using Microsoft.Extensions.Logging;

namespace Batch.Jobs;

/// <summary>
/// What every job shares: marking the execution STARTED, calling job listeners, turning the outcome
/// into a status and saving the end. Subclasses decide which steps run (<see cref="DoExecuteAsync"/>).
/// </summary>
public abstract partial class JobBase : IJob
{
    private readonly IJobExecutionListener[] _listeners;
    private readonly IStep? _preStep;
    private readonly IStep? _postStep;
    private readonly JobParameters _preStepParameters;
    private readonly JobParameters _postStepParameters;

    /// <summary>Creates a job.</summary>
    /// <param name="name">The job's name.</param>
    /// <param name="options">Restartability, incrementer, validator and listeners.</param>
    protected JobBase(string name, JobOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        Restartable = options.Restartable;
        BusinessDateParameter = options.BusinessDate;
        LaunchLimit = options.LaunchLimit;
        Incrementer = options.Incrementer;
        Validator = options.Validator;
        _listeners = [.. options.Listeners];
        _preStep = options.PreStep;
        _postStep = options.PostStep;
        _preStepParameters = options.PreStepParameters;
        _postStepParameters = options.PostStepParameters;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool Restartable { get; }

    /// <summary>The name of the job's business-date parameter (<see cref="JobBuilder.BusinessDate"/>), or null.</summary>
    public string? BusinessDateParameter { get; }

    /// <inheritdoc />
    public Launch.LaunchLimit? LaunchLimit { get; }

    /// <inheritdoc />
    public IJobParametersIncrementer? Incrementer { get; }

    /// <inheritdoc />
    public IJobParametersValidator? Validator { get; }

    /// <summary>The pre-step, or null (for finding a job's steps by name).</summary>
    internal IStep? PreStep => _preStep;

    /// <summary>The post-step, or null (for finding a job's steps by name).</summary>
    internal IStep? PostStep => _postStep;

    /// <inheritdoc />
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var execution = context.JobExecution;
        var runtime = context.Runtime;
        var logger = runtime.LoggerFactory.CreateLogger("Batch.Job");
        var started = runtime.TimeProvider.GetTimestamp();
        var repository = runtime.Repository;
        var listeners = JobRuntime.Around(runtime.JobListeners, _listeners);

        if (execution.Status != BatchStatus.Started || execution.StartTime is null)
        {
            // Created STARTING (not by the launcher, which creates it STARTED): mark the start.
            execution.StartTime = runtime.Now();
            execution.Status = BatchStatus.Started;
            execution.ExitStatus = ExitStatus.Executing;
            await repository.UpdateJobExecutionAsync(execution, CancellationToken.None).ConfigureAwait(false);
        }
        BatchLog.JobStarted(logger, Name, execution.Id, execution.JobParameters.ToString());
        var flow = runtime.LoggerFactory.CreateLogger(BatchLogCategories.JobFlow);
        JobFlowLog.Started(flow, Name, execution.Id);
        using var activity = Telemetry.Source.StartActivity("batch.job");
        activity?.SetTag(Diagnostics.BatchTelemetry.JobNameTag, Name);
        activity?.SetTag(Diagnostics.BatchTelemetry.JobExecutionIdTag, execution.Id);
        var nameTag = new KeyValuePair<string, object?>(Diagnostics.BatchTelemetry.JobNameTag, Name);
        Telemetry.ActiveJobs.Add(1, nameTag);
        var ended = false;
        try
        {
            await RunAndEndAsync(context, execution, runtime, logger, started, listeners, cancellationToken).ConfigureAwait(false);
            ended = true;
        }
        finally
        {
            Telemetry.ActiveJobs.Add(-1, nameTag);
            Telemetry.JobDuration.Record(
                runtime.TimeProvider.GetElapsedTime(started).TotalSeconds, nameTag, new KeyValuePair<string, object?>(Diagnostics.BatchTelemetry.StatusTag, execution.Status.ToCode()));
            Telemetry.End(activity, execution.Status);
            if (ended)
            {
                JobFlowLog.Ended(flow, execution);
            }
            else
            {
                JobFlowLog.EndedAbnormally(flow, Name, execution.Status.ToCode() + ", its end not saved", execution.Id);
            }
        }
    }

    /// <summary>Runs the job's work and listeners and saves its end.</summary>
    private async Task RunAndEndAsync(
        JobContext context, JobExecution execution, JobRuntime runtime, ILogger logger, long started, IJobExecutionListener[] listeners, CancellationToken cancellationToken)
    {
        var repository = runtime.Repository;

        try
        {
            foreach (var listener in listeners)
            {
                await listener.BeforeJobAsync(execution, cancellationToken).ConfigureAwait(false);
            }

            var outcome = await RunWithPreAndPostStepsAsync(context, cancellationToken).ConfigureAwait(false);
            execution.Status = outcome.Status;
            execution.ExitStatus = outcome.ExitStatus;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            execution.Status = BatchStatus.Stopped;
            execution.ExitStatus = ExitStatus.Stopped;
        }
#pragma warning disable CA1031 // a job records its failure instead of throwing
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RecordFailure(execution, ex);
            FaultLog.Failed(runtime, execution, ex);
        }

        for (var i = listeners.Length - 1; i >= 0; i--)
        {
            try
            {
                await listeners[i].AfterJobAsync(execution, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failing listener fails the job
            catch (Exception ex)
#pragma warning restore CA1031
            {
                RecordFailure(execution, ex);
                FaultLog.Failed(runtime, execution, ex);
            }
        }

        execution.EndTime = runtime.Now();
        var finalStatus = execution.Status;
        var finalExit = execution.ExitStatus;

        // The end is retried on transient faults (a database restarting): an outage of seconds ends FAILED, not a dead STARTED.
        // One version-checked update; only when someone else changed the row meanwhile (a stop request) is it read and written again.
        await runtime.FinalStatus.SaveAsync($"the end of job '{Name}' execution {execution.Id} ({finalStatus.ToCode()})", execution.Id, async () =>
        {
            execution.Status = finalStatus;
            execution.ExitStatus = finalExit;
            try
            {
                await repository.UpdateJobExecutionAsync(execution, CancellationToken.None).ConfigureAwait(false);
            }
            catch (OptimisticLockingFailureException)
            {
                // Read the stored status against STARTED: a stop request (STOPPING) is ours to end; an ended record (FAILED,
                // ABANDONED by an operator or a takeover) is kept as it is, with its exit message.
                execution.Status = BatchStatus.Started;
                await repository.SynchronizeStatusAsync(execution, CancellationToken.None).ConfigureAwait(false);
                if (!execution.Status.IsRunning())
                {
                    BatchLog.JobEndedElsewhere(logger, Name, execution.Id, execution.Status.ToCode(), finalStatus.ToCode());
                    execution.ExitStatus = finalExit.And(ExitStatus.Failed).AddExitDescription(
                        $"Ended {execution.Status.ToCode()} by someone else while this process ran; that record was kept.");
                    return;
                }

                execution.Status = finalStatus;
                execution.ExitStatus = finalExit;
                await repository.UpdateJobExecutionAsync(execution, CancellationToken.None).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        BatchLog.JobEnded(logger, Name, execution.Id, execution.Status.ToCode(), execution.ExitStatus.ExitCode, runtime.TimeProvider.GetElapsedTime(started));
    }

    /// <summary>Runs the job's steps.</summary>
    /// <param name="context">The job execution and the services; run each step with <see cref="JobContext.RunStepAsync(IStep, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancelled to stop.</param>
    /// <returns>The status and exit status the job ends with.</returns>
    protected abstract Task<(BatchStatus Status, ExitStatus ExitStatus)> DoExecuteAsync(JobContext context, CancellationToken cancellationToken);

    private static void RecordFailure(JobExecution execution, Exception ex)
    {
        execution.Status = BatchStatus.Failed;
        execution.FailureExceptions.Add(ex);
        execution.ExitStatus = execution.ExitStatus.And(ExitStatus.Failed).AddExitDescription(ex.Message);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} '{Name}'";
}
