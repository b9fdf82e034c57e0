using Batch.Steps;

namespace Batch.Jobs;

/// <summary>Builds a <see cref="JobStep"/>: a step that runs another job.</summary>
/// <example>
/// <code>
/// IStep loadAll = new StepBuilder("load-all")
///     .Job(loadJob)
///     .Parameters(ctx =&gt; new JobParametersBuilder().AddDate("date", ctx.JobParameters.GetDate("date")).Build())
///     .Build();
/// </code>
/// </example>
public sealed class JobStepBuilder : StepBuilderBase<JobStepBuilder>
{
    private readonly IJob _job;
    private Func<StepContext, JobParameters>? _parameters;

    internal JobStepBuilder(StepBuilder parent, IJob job)
        : base(parent)
    {
        _job = job;
    }

    /// <summary>Makes the child job's parameters from the step's context (default: the parent job's parameters).</summary>
    /// <param name="parameters">The function; called on the first execution only, a restart reuses its result.</param>
    /// <returns>This builder.</returns>
    public JobStepBuilder Parameters(Func<StepContext, JobParameters> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        return this;
    }

    /// <summary>Gives the child job fixed parameters.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>This builder.</returns>
    public JobStepBuilder Parameters(JobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = _ => parameters;
        return this;
    }

    /// <summary>Builds the step.</summary>
    /// <returns>The step.</returns>
    public JobStep Build() => new(Parent.Name, _job, _parameters, Parent.Options);
}
