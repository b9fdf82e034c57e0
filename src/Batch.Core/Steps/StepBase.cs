using System.Diagnostics;
using Batch.Engine;
using Batch.Listeners;
using Microsoft.Extensions.Logging;

namespace Batch.Steps;

/// <summary>
/// What every step shares: saving its start and end, calling step listeners, and turning the outcome
/// of the work into a status — COMPLETED, STOPPED on cancellation or a stop request, FAILED on an exception.
/// </summary>
public abstract class StepBase : IStep
{
    private readonly IStepExecutionListener[] _listeners;
    private readonly TimeSpan? _timeout;

    /// <summary>Creates a step.</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="options">Restart options and listeners.</param>
    protected StepBase(string name, StepOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        AllowStartIfComplete = options.AllowStartIfComplete;
        StartLimit = options.StartLimit;
        _timeout = options.Timeout;
        _listeners = [.. options.StepListeners];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool AllowStartIfComplete { get; }

    /// <inheritdoc />
    public int StartLimit { get; }

    /// <summary>How long one execution may run, or null for no limit (<see cref="StepOptions.Timeout"/>).</summary>
    public TimeSpan? Timeout => _timeout;

    /// <inheritdoc />
    public async Task ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stepExecution = context.StepExecution;
        var runtime = context.Runtime;
        var logger = runtime.LoggerFactory.CreateLogger("Batch.Step");
        var started = runtime.TimeProvider.GetTimestamp();
        var repository = runtime.Repository;
        var listeners = JobRuntime.Around(runtime.StepListeners, _listeners);

        if (stepExecution.Status != BatchStatus.Started)
        {
            // Not added as STARTED by the job (a step run on its own): record the start now.
            stepExecution.StartTime = runtime.Now();
            stepExecution.Status = BatchStatus.Started;
            await repository.UpdateStepExecutionAsync(stepExecution, CancellationToken.None).ConfigureAwait(false);
        }
        BatchLog.StepStarted(logger, Name, stepExecution.Id, stepExecution.JobExecution.Id, stepExecution.ExecutionContext.IsEmpty ? string.Empty : ", resuming from its saved context");
        using var activity = Telemetry.Source.StartActivity("batch.step");
        activity?.SetTag(Diagnostics.BatchTelemetry.JobNameTag, stepExecution.JobExecution.JobName);
        activity?.SetTag(Diagnostics.BatchTelemetry.StepNameTag, Name);
        activity?.SetTag(Diagnostics.BatchTelemetry.StepExecutionIdTag, stepExecution.Id);
        var tags = new TagList
        {
            { Diagnostics.BatchTelemetry.JobNameTag, stepExecution.JobExecution.JobName },
            { Diagnostics.BatchTelemetry.StepNameTag, Name },
        };
        Telemetry.ActiveSteps.Add(1, tags);
        LiveSteps.Started(stepExecution, runtime.TimeProvider);
        try
        {
            await RunAndEndAsync(stepExecution, context, runtime, logger, started, listeners, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            LiveSteps.Ended(stepExecution);
            Telemetry.ActiveSteps.Add(-1, tags);
            var withStatus = tags;
            withStatus.Add(Diagnostics.BatchTelemetry.StatusTag, stepExecution.Status.ToCode());
            Telemetry.StepDuration.Record(runtime.TimeProvider.GetElapsedTime(started).TotalSeconds, withStatus);
            if (activity is not null)
            {
                activity.SetTag("batch.step.read", stepExecution.ReadCount);
                activity.SetTag("batch.step.written", stepExecution.WriteCount);
                Telemetry.End(activity, stepExecution.Status);
            }
        }
    }

    /// <summary>Runs the step's work and listeners and saves its end.</summary>
    private async Task RunAndEndAsync(
        StepExecution stepExecution, StepContext context, JobRuntime runtime, ILogger logger, long started, IStepExecutionListener[] listeners, CancellationToken cancellationToken)
    {
        var repository = runtime.Repository;
        var exitStatus = ExitStatus.Executing;
        try
        {
            foreach (var listener in listeners)
            {
                await listener.BeforeStepAsync(stepExecution, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteWithinTimeoutAsync(stepExecution, context, cancellationToken).ConfigureAwait(false);

            stepExecution.Status = BatchStatus.Completed;
            exitStatus = CompletedExitStatus(stepExecution);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || stepExecution.TerminateOnly)
        {
            stepExecution.Status = BatchStatus.Stopped;
            exitStatus = ExitStatus.Stopped.AddExitDescription("Stopped on request at a chunk boundary; restart to resume.");
            BatchLog.StepStopped(logger, Name, stepExecution.CommitCount);
        }
#pragma warning disable CA1031 // a step records its failure instead of throwing
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stepExecution.Status = BatchStatus.Failed;
            stepExecution.FailureExceptions.Add(ex);
            exitStatus = ExitStatus.Failed.AddExitDescription(ex);
            FaultLog.Failed(runtime, stepExecution, ex);
        }

        stepExecution.ExitStatus = exitStatus;
        for (var i = listeners.Length - 1; i >= 0; i--)
        {
            try
            {
                await listeners[i].AfterStepAsync(stepExecution, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failing listener fails the step
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fail(stepExecution, ex);
                FaultLog.Failed(runtime, stepExecution, ex);
            }
        }

        if (stepExecution.EndSavedWith is not { } saved || stepExecution.Status != BatchStatus.Completed || !saved.Equals(stepExecution.ExitStatus))
        {
            // Not already saved with the last chunk (or changed since): save the end now.
            stepExecution.EndSavedWith = null;
            stepExecution.EndTime = runtime.Now();
            var jobExecution = stepExecution.JobExecution;
            await runtime.FinalStatus.SaveAsync(
                $"the end of step '{Name}' ({stepExecution.Status.ToCode()}) of job '{jobExecution.JobName}' execution {jobExecution.Id}", jobExecution.Id,
                () => repository.UpdateStepExecutionAsync(stepExecution, CancellationToken.None)).ConfigureAwait(false);
        }

        BatchLog.StepEnded(logger, Name, stepExecution.Status.ToCode(), stepExecution.ReadCount, stepExecution.WriteCount, stepExecution.FilterCount,
            stepExecution.SkipCount, stepExecution.CommitCount, stepExecution.RollbackCount, StepCounters.Describe(stepExecution.Counters),
            runtime.TimeProvider.GetElapsedTime(started));
    }

    /// <summary>True when step listeners (registered for every step, or this step's own) see this step's start and end.</summary>
    internal bool HasStepListeners(JobRuntime runtime) => _listeners.Length > 0 || runtime.StepListeners.Count > 0;

    /// <summary>The exit status of a step whose work completed: the one the work set, else COMPLETED (WITH SKIPS when items were skipped).</summary>
    internal static ExitStatus CompletedExitStatus(StepExecution stepExecution) =>
        !stepExecution.ExitStatus.IsRunning ? stepExecution.ExitStatus
        : stepExecution.SkipCount > 0 ? ExitStatus.CompletedWithSkips
        : ExitStatus.Completed;

    /// <summary>Runs the work, cancelling it and failing the step when the step's timeout expires.</summary>
    private async Task ExecuteWithinTimeoutAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        if (_timeout is not { } timeout)
        {
            await DoExecuteAsync(stepExecution, context, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var deadline = new CancellationTokenSource(timeout, context.Runtime.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await DoExecuteAsync(stepExecution, context, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            stepExecution.TerminateOnly = false;
            throw new StepTimeoutException(
                $"Step '{Name}' exceeded its timeout of {Durations.Describe(timeout)} and was cancelled after {stepExecution.CommitCount} commits; " +
                "a restart resumes from its last committed chunk. Raise the timeout if the step needs longer.",
                ex);
        }
    }

    /// <summary>
    /// Does the step's work. Throw to fail the step; throw <see cref="OperationCanceledException"/> (or return) once cancellation is requested to stop it.
    /// When it returns, the step completes with the exit status the work set on <paramref name="stepExecution"/>
    /// (for example <c>new ExitStatus("NO DATA")</c>, for a flow to branch on), or else COMPLETED
    /// (COMPLETED WITH SKIPS when items were skipped).
    /// </summary>
    /// <param name="stepExecution">The execution.</param>
    /// <param name="context">The step's scope.</param>
    /// <param name="cancellationToken">Cancelled to stop the step.</param>
    /// <returns>A task.</returns>
    protected abstract Task DoExecuteAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken);

    /// <summary>Marks a step execution FAILED because of <paramref name="exception"/>.</summary>
    /// <param name="stepExecution">The execution.</param>
    /// <param name="exception">The cause.</param>
    protected static void Fail(StepExecution stepExecution, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        ArgumentNullException.ThrowIfNull(exception);
        stepExecution.Status = BatchStatus.Failed;
        stepExecution.FailureExceptions.Add(exception);
        stepExecution.ExitStatus = stepExecution.ExitStatus.And(ExitStatus.Failed).AddExitDescription(exception);
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} '{Name}'";
}
