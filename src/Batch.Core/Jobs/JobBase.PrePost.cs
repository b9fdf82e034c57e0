using Batch.Engine;
using Batch.Steps;
using Microsoft.Extensions.Logging;

namespace Batch.Jobs;

public abstract partial class JobBase
{
    /// <summary>
    /// The pre- and post-step rules: a pre-step that does not complete means the main work never runs; main
    /// work that does not complete means the post-step never runs; a failed post-step does not undo the main
    /// work (the job ends FAILED with <see cref="ExitStatus.CompletedWithPostStepFailure"/>, and a restart runs
    /// only the post-step).
    /// </summary>
    private async Task<(BatchStatus Status, ExitStatus ExitStatus)> RunWithPreAndPostStepsAsync(
        JobContext context, CancellationToken cancellationToken)
    {
        var execution = context.JobExecution;
        var runtime = context.Runtime;
        if (_preStep is not null)
        {
            var pre = await StepHandler.HandleAsync(_preStep, execution, runtime, OwnParameters(execution, _preStepParameters, "pre."), cancellationToken)
                .ConfigureAwait(false);
            if (pre.Status != BatchStatus.Completed)
            {
                return (Unsuccessful(pre.Status), pre.ExitStatus.AddExitDescription(
                    $"Pre-step '{_preStep.Name}' did not complete, so the main work of job '{Name}' did not run; restart the job once the cause is fixed."));
            }
        }

        var outcome = await DoExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        if (_postStep is null)
        {
            return outcome;
        }

        if (outcome.Status != BatchStatus.Completed)
        {
            BatchLog.PostStepNotRun(runtime.LoggerFactory.CreateLogger(BatchLogCategories.Job), Name, _postStep.Name, outcome.Status.ToCode());
            return (outcome.Status, outcome.ExitStatus.AddExitDescription(
                $"Post-step '{_postStep.Name}' did not run because the main work of job '{Name}' did not complete."));
        }

        var post = await StepHandler.HandleAsync(_postStep, execution, runtime, OwnParameters(execution, _postStepParameters, "post."), cancellationToken)
            .ConfigureAwait(false);
        return post.Status switch
        {
            BatchStatus.Completed => outcome,
            BatchStatus.Stopped => (BatchStatus.Stopped, ExitStatus.Stopped.AddExitDescription(
                $"The main work of job '{Name}' completed and is kept; post-step '{_postStep.Name}' was stopped. Restart to run the post-step.")),
            _ => (BatchStatus.Failed, new ExitStatus(
                ExitStatus.CompletedWithPostStepFailure.ExitCode,
                $"The main work of job '{Name}' completed and is kept; post-step '{_postStep.Name}' failed. Restart the execution to run only the post-step. " +
                post.ExitStatus.ExitDescription)),
        };
    }

    /// <summary>A step outcome that did not complete, as the job's status: STOPPED stays STOPPED, anything else is at least FAILED.</summary>
    private protected static BatchStatus Unsuccessful(BatchStatus stepStatus) =>
        stepStatus == BatchStatus.Stopped ? BatchStatus.Stopped : BatchStatus.Failed.Max(stepStatus);

    /// <summary>The builder's parameters overridden by the job parameters that start with <paramref name="prefix"/> (prefix removed).</summary>
    private static JobParameters OwnParameters(JobExecution execution, JobParameters defaults, string prefix)
    {
        var own = execution.JobParameters
            .Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key.Length > prefix.Length)
            .Select(p => KeyValuePair.Create(p.Key[prefix.Length..], p.Value))
            .ToList();
        return own.Count == 0 ? defaults : defaults.Merge(new JobParameters(own));
    }
}
