using Batch.Engine;
using Batch.Repository;
using Batch.Steps;
using Microsoft.Extensions.Logging;

namespace Batch.Jobs;

/// <summary>
/// Runs one step of a job execution with the restart rules: a step that completed in an earlier
/// execution of the instance is skipped (unless it allows start if complete), a step past its start
/// limit is refused, and a step that failed or stopped resumes from its last committed context.
/// Used by every kind of job (sequential, flow).
/// </summary>
internal static class StepHandler
{
    /// <summary>Runs (or skips) a step.</summary>
    /// <param name="step">The step.</param>
    /// <param name="execution">The job execution.</param>
    /// <param name="runtime">The services.</param>
    /// <param name="cancellationToken">Cancelled to stop.</param>
    /// <returns>The step execution that ran, or the earlier completed one when the step was skipped.</returns>
    /// <exception cref="StartLimitExceededException">The step has been started as often as its start limit allows.</exception>
    /// <exception cref="JobRestartException">The step's last execution is in state UNKNOWN.</exception>
    public static Task<StepExecution> HandleAsync(IStep step, JobExecution execution, JobRuntime runtime, CancellationToken cancellationToken) =>
        HandleAsync(step, execution, runtime, null, cancellationToken);

    /// <summary>Runs (or skips) a step with its own parameters (see <see cref="StepContext.Parameters"/>).</summary>
    /// <param name="step">The step.</param>
    /// <param name="execution">The job execution.</param>
    /// <param name="runtime">The services.</param>
    /// <param name="stepParameters">The step's own parameters, or null for the job's.</param>
    /// <param name="cancellationToken">Cancelled to stop.</param>
    /// <returns>The step execution that ran, or the earlier completed one when the step was skipped.</returns>
    /// <exception cref="StartLimitExceededException">The step has been started as often as its start limit allows.</exception>
    /// <exception cref="JobRestartException">The step's last execution is in state UNKNOWN.</exception>
    public static Task<StepExecution> HandleAsync(IStep step, JobExecution execution, JobRuntime runtime, JobParameters? stepParameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        return HandleAsync(step, step.Name, null, execution, runtime, stepParameters, cancellationToken);
    }

    /// <summary>
    /// Runs (or skips) a step under another name, with the restart rules of that name's history: how a partition runs its worker
    /// step (<c>{worker}:{partition}</c>). A first run (or a rerun of a completed one) starts from <paramref name="initialContext"/>;
    /// a restart of a failed or stopped one resumes from that name's last committed context, as any step does.
    /// </summary>
    /// <param name="step">The step whose work runs.</param>
    /// <param name="stepName">The name of the step execution (its restart history).</param>
    /// <param name="initialContext">The context a first run starts with (copied), or null for an empty one.</param>
    /// <param name="execution">The job execution.</param>
    /// <param name="runtime">The services.</param>
    /// <param name="stepParameters">The step's own parameters, or null for the job's.</param>
    /// <param name="cancellationToken">Cancelled to stop.</param>
    /// <returns>The step execution that ran, or the earlier completed one when the step was skipped.</returns>
    /// <exception cref="StartLimitExceededException">The step has been started as often as its start limit allows.</exception>
    /// <exception cref="JobRestartException">The step's last execution is in state UNKNOWN.</exception>
    public static async Task<StepExecution> HandleAsync(
        IStep step, string stepName, BatchExecutionContext? initialContext, JobExecution execution, JobRuntime runtime, JobParameters? stepParameters,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentException.ThrowIfNullOrEmpty(stepName);
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(runtime);
        var repository = runtime.Repository;
        var history = execution.CreatedInstance
            ? HistoryOfNewInstance(execution, stepName)
            : await repository.GetStepHistoryAsync(execution.JobInstance, stepName, cancellationToken).ConfigureAwait(false);
        var last = history.LastExecution;
        if (last is not null && last.JobExecution.Id != execution.Id)
        {
            if (last.Status == BatchStatus.Unknown)
            {
                throw new JobRestartException(
                    $"Step '{stepName}' of job '{execution.JobName}' was left in state UNKNOWN by execution {last.JobExecution.Id}; " +
                    "check what it did, then mark it FAILED or ABANDONED before restarting.");
            }

            if (last.Status == BatchStatus.Completed && !step.AllowStartIfComplete)
            {
                BatchLog.StepSkippedComplete(runtime.LoggerFactory.CreateLogger("Batch.Step"), stepName);
                return last;
            }
        }

        if (history.StartCount >= step.StartLimit)
        {
            throw new StartLimitExceededException(
                $"Step '{stepName}' of job '{execution.JobName}' has been started {history.StartCount} times, its start limit is {step.StartLimit}: " +
                "fix the cause and raise the limit, or launch a new instance.");
        }

        var stepExecution = execution.CreateStepExecution(stepName);
        stepExecution.StepParameters = stepParameters;
        if (last is null || last.Status == BatchStatus.Completed)
        {
            if (initialContext is not null)
            {
                stepExecution.ExecutionContext = initialContext.Clone();
            }
        }
        else
        {
            stepExecution.ExecutionContext = last.ExecutionContext.Clone();
            var consumed = last.ItemsConsumed;
            if (consumed > 0)
            {
                stepExecution.ExecutionContext.Put(StepExecution.ItemsConsumedBeforeKey, consumed);
            }
        }

        // The step starts now, so it is added as STARTED: one transaction instead of an insert and then an update.
        stepExecution.StartTime = runtime.Now();
        stepExecution.Status = BatchStatus.Started;
        await repository.AddStepExecutionAsync(stepExecution, cancellationToken).ConfigureAwait(false);
        await step.ExecuteAsync(new StepContext(stepExecution, runtime), cancellationToken).ConfigureAwait(false);
        return stepExecution;
    }

    /// <summary>
    /// The history of a step in an instance this execution created: only this execution's own step executions can exist
    /// (no other execution of the instance can run beside it), so it is known without asking the repository.
    /// </summary>
    private static StepHistory HistoryOfNewInstance(JobExecution execution, string stepName)
    {
        StepExecution? last = null;
        var starts = 0;
        foreach (var stepExecution in execution.StepExecutions)
        {
            if (stepExecution.StepName == stepName)
            {
                last = stepExecution;
                starts++;
            }
        }

        return new StepHistory(last, starts);
    }
}
