using Batch.Listeners;
using Batch.Steps;

namespace Batch.Jobs;

/// <summary>Builds a job that runs its steps in order, or a flow (<see cref="Flow(Flows.Flow)"/>), optionally between a pre-step and a post-step.</summary>
/// <example>
/// <code>
/// IJob job = new JobBuilder("import-orders")
///     .Incrementer(new RunIdIncrementer())
///     .Start(loadStep)
///     .Next(reportStep)
///     .Build();
///
/// // seed 001: a transfer whose post-step loads the received file; run it with
/// //   run transfer file=sales.csv&amp;post.table=sales
/// IJob transfer = new JobBuilder("transfer")
///     .PreStep(checkFileArrived, "dir=/in")
///     .PostStep(loadIntoDatabase, "script=load.sh")
///     .Start(sendFile)
///     .Build();
/// </code>
/// </example>
public sealed class JobBuilder
{
    private readonly List<IStep> _steps = [];

    /// <summary>Starts building a job.</summary>
    /// <param name="name">The job's name, at most <see cref="Repository.BatchSchemaLimits.JobName"/> characters.</param>
    /// <exception cref="ArgumentException">The name is blank or longer than the job repository's column.</exception>
    public JobBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Repository.BatchSchemaLimits.CheckName(name, "job", Repository.BatchSchemaLimits.JobName, "JOB_NAME", nameof(name));
        Name = name;
    }

    /// <summary>The job's name.</summary>
    public string Name { get; }

    /// <summary>Restartability, incrementer, validator and listeners.</summary>
    public JobOptions Options { get; } = new();

    /// <summary>Sets the first step.</summary>
    /// <param name="step">The step.</param>
    /// <returns>This builder.</returns>
    public JobBuilder Start(IStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_steps.Count > 0)
        {
            throw new InvalidOperationException($"Job '{Name}' already has a first step ('{_steps[0].Name}'): use .Next(step) for the following ones.");
        }

        _steps.Add(step);
        return this;
    }

    /// <summary>Adds the next step.</summary>
    /// <param name="step">The step.</param>
    /// <returns>This builder.</returns>
    public JobBuilder Next(IStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_steps.Count == 0)
        {
            throw new InvalidOperationException($"Job '{Name}' has no first step yet: call .Start(step) first.");
        }

        _steps.Add(step);
        return this;
    }

    /// <summary>
    /// Makes this a flow job: instead of <c>Start</c>/<c>Next</c> in a line, the job runs a <see cref="Flows.Flow"/>
    /// with transitions, decisions and splits. Set the job's options (listeners, pre/post steps, ...) before calling it.
    /// </summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The flow job builder.</returns>
    /// <example>
    /// <code>
    /// IJob job = new JobBuilder("import")
    ///     .Flow(flow =&gt; flow
    ///         .Start(load)
    ///         .On("FAILED").To(notify)
    ///         .On("*").To(report)
    ///         .From(notify).On("*").Fail())
    ///     .Build();
    /// </code>
    /// </example>
    public Flows.FlowJobBuilder Flow(Flows.Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (_steps.Count > 0)
        {
            throw new InvalidOperationException($"Job '{Name}' already has steps in a line (.Start/.Next); put them in the flow instead.");
        }

        return new Flows.FlowJobBuilder(Name, flow, Options);
    }

    /// <summary>Makes this a flow job, defining its flow (named after the job) in place; see <see cref="Flow(Flows.Flow)"/>.</summary>
    /// <param name="define">Defines the flow on a <see cref="Flows.FlowBuilder"/>.</param>
    /// <returns>The flow job builder.</returns>
    public Flows.FlowJobBuilder Flow(Func<Flows.FlowBuilder, Flows.FlowBuilder> define)
    {
        ArgumentNullException.ThrowIfNull(define);
        return Flow(define(new Flows.FlowBuilder(Name)).Build());
    }

    /// <summary>Makes instances of this job impossible to run again once they ran (failed or stopped ones included).</summary>
    /// <returns>This builder.</returns>
    public JobBuilder PreventRestart()
    {
        Options.Restartable = false;
        return this;
    }

    /// <summary>Sets the incrementer that makes the next instance's parameters.</summary>
    /// <param name="incrementer">The incrementer.</param>
    /// <returns>This builder.</returns>
    public JobBuilder Incrementer(IJobParametersIncrementer incrementer)
    {
        ArgumentNullException.ThrowIfNull(incrementer);
        Options.Incrementer = incrementer;
        return this;
    }

    /// <summary>
    /// Declares the job's business date: an identifying date parameter, one instance per date (seed 002: no date arguments for
    /// catch-up runs). <c>catch-up &lt;job&gt;</c> (<see cref="Launch.JobOperator.CatchUpAsync(string, JobParameters?, CancellationToken)"/>) then runs, in order, every date
    /// up to today that has not completed — the dates after the last completed one, and earlier ones that failed — found in the
    /// job repository's own records, so a rerun after a missed night needs no argument and cannot be typed wrong.
    /// </summary>
    /// <param name="parameterName">The parameter's name, <c>date</c> by default.</param>
    /// <returns>This builder.</returns>
    public JobBuilder BusinessDate(string parameterName = "date")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameterName);
        Options.BusinessDate = parameterName;
        return this;
    }

    /// <summary>
    /// Allows at most <paramref name="maxLive"/> live executions of this job at once, across all its instances and every process using the
    /// same job repository (a launch group named after the job). A launch past the limit is refused (exit code 4), or, with
    /// <see cref="Launch.LaunchOptions.Wait"/> (<c>run --wait</c>), waits for a free slot in order of arrival. See docs/queued-launches.md.
    /// </summary>
    /// <param name="maxLive">The limit, 1 or more; <c>Batch:LaunchGroups:&lt;job name&gt;</c> in configuration overrides it.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLive"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The job is already in a launch group (a job belongs to one).</exception>
    public JobBuilder MaxLiveExecutions(int maxLive) => SetLaunchLimit(Name, maxLive);

    /// <summary>
    /// Puts this job in a launch group shared with other jobs: at most <paramref name="maxLive"/> live executions of all the group's jobs
    /// at once, across every process using the same job repository (seed 003: a shared server, jobs reserved one after another). A launch
    /// past the limit is refused (exit code 4), or, with <see cref="Launch.LaunchOptions.Wait"/> (<c>run --wait</c>), waits for a free
    /// slot in order of arrival. Give every job of the group (in every process) the same limit. See docs/queued-launches.md.
    /// </summary>
    /// <param name="groupName">The group's name (at most 100 characters); a job's own limit (<see cref="MaxLiveExecutions"/>) is the group named after the job.</param>
    /// <param name="maxLive">The limit, 1 or more; <c>Batch:LaunchGroups:&lt;group&gt;</c> in configuration overrides it.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is blank or too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLive"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The job is already in a launch group (a job belongs to one).</exception>
    /// <example>
    /// <code>
    /// new JobBuilder("train-model").LaunchGroup("gpu", maxLive: 1).Start(train).Build();
    /// new JobBuilder("evaluate").LaunchGroup("gpu", maxLive: 1).Start(evaluate).Build();
    /// </code>
    /// </example>
    public JobBuilder LaunchGroup(string groupName, int maxLive) => SetLaunchLimit(groupName, maxLive);

    /// <summary>Sets the validator that checks parameters before launch.</summary>
    /// <param name="validator">The validator.</param>
    /// <returns>This builder.</returns>
    public JobBuilder Validator(IJobParametersValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        Options.Validator = validator;
        return this;
    }

    /// <summary>
    /// Runs <paramref name="step"/> before the main work. A pre-step that does not complete stops the job
    /// there: the main work never runs, and the job ends FAILED (STOPPED if it was stopped) and restartable.
    /// </summary>
    /// <param name="step">The pre-step (its name must differ from the job's other steps).</param>
    /// <param name="parameters">
    /// Its own parameters in the text form (<c>name=value&amp;name2=value2</c>), read through
    /// <see cref="StepContext.Parameters"/>; a job parameter named <c>pre.name</c> overrides <c>name</c>.
    /// </param>
    /// <returns>This builder.</returns>
    /// <exception cref="JobParametersFormatException">The parameters are malformed.</exception>
    public JobBuilder PreStep(IStep step, string? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        Options.PreStep = step;
        Options.PreStepParameters = JobParameters.Parse(parameters);
        return this;
    }

    /// <summary>
    /// Runs <paramref name="step"/> after the main work completed. It does not run when the main work did not
    /// complete. When it fails, the main work is not undone: the job ends FAILED with exit code
    /// <c>COMPLETED WITH POST-STEP FAILURE</c> (<see cref="ExitStatus.CompletedWithPostStepFailure"/>), and a
    /// restart runs only the post-step (completed steps are skipped).
    /// </summary>
    /// <param name="step">The post-step (its name must differ from the job's other steps).</param>
    /// <param name="parameters">Its own parameters in the text form; a job parameter named <c>post.name</c> overrides <c>name</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="JobParametersFormatException">The parameters are malformed.</exception>
    public JobBuilder PostStep(IStep step, string? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        Options.PostStep = step;
        Options.PostStepParameters = JobParameters.Parse(parameters);
        return this;
    }

    /// <summary>Adds a job listener.</summary>
    /// <param name="listener">The listener.</param>
    /// <returns>This builder.</returns>
    public JobBuilder Listener(IJobExecutionListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        Options.Listeners.Add(listener);
        return this;
    }

    private JobBuilder SetLaunchLimit(string groupName, int maxLive)
    {
        var limit = Launch.LaunchLimit.Create(groupName, maxLive);
        if (Options.LaunchLimit is { } existing && existing.GroupName != limit.GroupName)
        {
            throw new InvalidOperationException(
                $"Job '{Name}' is already in launch group '{existing.GroupName}'; a job belongs to one launch group (a job's own limit is the group named after it).");
        }

        Options.LaunchLimit = limit;
        return this;
    }

    /// <summary>Builds the job.</summary>
    /// <returns>The job.</returns>
    public SimpleJob Build() => new(Name, _steps, Options);
}
