namespace Batch.Jobs;

/// <summary>Checks job parameters before an execution is created.</summary>
public interface IJobParametersValidator
{
    /// <summary>Validates the parameters.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <exception cref="JobParametersInvalidException">They are not valid; the message says what is wrong.</exception>
    void Validate(JobParameters parameters);
}
