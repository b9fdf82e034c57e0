using Batch.Steps;
using Batch.Jobs;
using Batch.Repository;

namespace Batch.Jobs;

/// <summary>
/// A step that runs a whole other job, as its own job instance (the child's name and parameters), in the
/// same repository. The step ends with the child's exit status; it fails when the child fails and stops
/// when the child stops. On a restart the step runs the child again with the same parameters, so a failed
/// child instance restarts where it failed.
/// </summary>
public sealed class JobStep : StepBase
{
    /// <summary>The step context key of the child's parameters (text form), fixed by the first execution.</summary>
    public const string ParametersKey = "batch.job.step.parameters";

    /// <summary>The step context key of the last child execution's id.</summary>
    public const string ExecutionIdKey = "batch.job.step.execution.id";

    private readonly IJob _job;
    private readonly Func<StepContext, JobParameters> _parameters;

    /// <summary>Creates the step. Prefer <see cref="JobStepBuilderExtensions.Job"/>.</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="job">The job to run.</param>
    /// <param name="parameters">Makes the child's parameters (default: the parent job's parameters).</param>
    /// <param name="options">Restart options and listeners.</param>
    public JobStep(string name, IJob job, Func<StepContext, JobParameters>? parameters, StepOptions options)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(job);
        _job = job;
        _parameters = parameters ?? (context => context.JobParameters);
    }

    /// <summary>The job this step runs.</summary>
    public IJob Job => _job;

    /// <inheritdoc />
    protected override async Task DoExecuteAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        var runtime = context.Runtime;
        var stepContext = stepExecution.ExecutionContext;
        if (stepContext.TryGet<long>(ExecutionIdKey, out var lastId)
            && await runtime.Repository.GetJobExecutionAsync(lastId, cancellationToken).ConfigureAwait(false) is { Status: BatchStatus.Completed } done)
        {
            stepExecution.ExitStatus = done.ExitStatus;
            return;
        }

        var parameters = stepContext.TryGet<string>(ParametersKey, out var saved) ? JobParameters.Parse(saved) : _parameters(context);
        if (_job.Validator is { } validator)
        {
            parameters = validator.ApplyDeclaredTypes(parameters);
            validator.Validate(parameters);
        }

        var child = await runtime.Repository.CreateJobExecutionAsync(new JobLaunchRequest(_job.Name, parameters, _job.Restartable), cancellationToken)
            .ConfigureAwait(false);
        stepContext.Put(ParametersKey, parameters.ToString());
        stepContext.Put(ExecutionIdKey, child.Id);
        await runtime.Repository.UpdateStepExecutionAsync(stepExecution, CancellationToken.None).ConfigureAwait(false);

        await _job.ExecuteAsync(new JobContext(child, runtime), cancellationToken).ConfigureAwait(false);
        switch (child.Status)
        {
            case BatchStatus.Completed:
                stepExecution.ExitStatus = child.ExitStatus;
                return;
            case BatchStatus.Stopped:
                stepExecution.TerminateOnly = true;
                throw new OperationCanceledException($"Job '{_job.Name}' run by step '{Name}' stopped (execution {child.Id}).");
            default:
                throw new BatchException(
                    $"Job '{_job.Name}' run by step '{Name}' ended {child.Status.ToCode()} (execution {child.Id}, exit {child.ExitStatus.ExitCode}): " +
                    $"{FirstLine(child.ExitStatus.ExitDescription)} Restart this job to restart it where it failed.");
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).Trim();
    }
}
