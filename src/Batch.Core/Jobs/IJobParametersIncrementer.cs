namespace Batch.Jobs;

/// <summary>Makes the parameters of a job's next instance.</summary>
public interface IJobParametersIncrementer
{
    /// <summary>Returns the parameters for the next instance.</summary>
    /// <param name="previous">The parameters of the last instance, or <see cref="JobParameters.Empty"/> when there is none.</param>
    /// <returns>The next parameters.</returns>
    JobParameters GetNext(JobParameters previous);
}
