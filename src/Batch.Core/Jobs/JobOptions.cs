using Batch.Listeners;

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

    /// <summary>The job listeners, in order.</summary>
    public IList<IJobExecutionListener> Listeners { get; } = new List<IJobExecutionListener>();
}
