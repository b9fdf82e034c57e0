namespace Batch.Jobs;

/// <summary>Checks job parameters before an execution is created.</summary>
public interface IJobParametersValidator
{
    /// <summary>Validates the parameters.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <exception cref="JobParametersInvalidException">They are not valid; the message says what is wrong.</exception>
    void Validate(JobParameters parameters);

    /// <summary>
    /// Gives the parameters the types the job declares, before <see cref="Validate"/>: the launcher calls it first, so <c>count=5</c>
    /// (a string on the command line) becomes <c>count:long=5</c> for a job that declares <c>count</c> a long. The default returns them as they are.
    /// </summary>
    /// <param name="parameters">The parameters as given.</param>
    /// <returns>The parameters with the declared types (the same instance when nothing changes).</returns>
    JobParameters ApplyDeclaredTypes(JobParameters parameters) => parameters;
}
