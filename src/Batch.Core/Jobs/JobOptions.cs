using Batch.Listeners;
using Batch.Steps;

namespace Batch.Jobs;

/// <summary>What every job can be given: restartability, an incrementer, a validator and job listeners.</summary>
public sealed class JobOptions
{
    /// <summary>Whether an instance that failed or stopped may run again. Default true.</summary>
    public bool Restartable { get; set; } = true;

    /// <summary>Makes the parameters of the next instance, or null.</summary>
    public IJobParametersIncrementer? Incrementer { get; set; }

    /// <summary>Checks parameters before launch, or null.</summary>
    public IJobParametersValidator? Validator { get; set; }

    /// <summary>The name of the job's business-date parameter (a date), for catch-up runs; null when it has none. See <see cref="JobBuilder.BusinessDate"/>.</summary>
    public string? BusinessDate { get; set; }

    /// <summary>The job's launch group and its limit, or null; see <see cref="JobBuilder.MaxLiveExecutions"/> and <see cref="JobBuilder.LaunchGroup"/>.</summary>
    public Launch.LaunchLimit? LaunchLimit { get; set; }

    /// <summary>
    /// A step that runs before the job's main work, or null. When it does not complete, the main work and
    /// the post-step do not run and the job ends FAILED (or STOPPED). See <see cref="JobBuilder.PreStep"/>.
    /// </summary>
    public IStep? PreStep { get; set; }

    /// <summary>The pre-step's own parameters (overridden by job parameters named <c>pre.*</c>).</summary>
    public JobParameters PreStepParameters { get; set; } = JobParameters.Empty;

    /// <summary>
    /// A step that runs after the job's main work completed, or null. It does not run when the main work
    /// did not complete; when it fails, the main work is kept. See <see cref="JobBuilder.PostStep"/>.
    /// </summary>
    public IStep? PostStep { get; set; }

    /// <summary>The post-step's own parameters (overridden by job parameters named <c>post.*</c>).</summary>
    public JobParameters PostStepParameters { get; set; } = JobParameters.Empty;

    /// <summary>The job listeners, in order.</summary>
    public IList<IJobExecutionListener> Listeners { get; } = new List<IJobExecutionListener>();
}
