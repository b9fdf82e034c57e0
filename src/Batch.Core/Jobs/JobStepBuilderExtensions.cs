using Batch.Steps;

namespace Batch.Jobs;

/// <summary>Adds <see cref="Job"/> to <see cref="StepBuilder"/>: a step that runs another job.</summary>
public static class JobStepBuilderExtensions
{
    /// <summary>Builds a step that runs another job as its own instance (see <see cref="JobStep"/>).</summary>
    /// <param name="builder">The step builder.</param>
    /// <param name="job">The job to run.</param>
    /// <returns>The job step builder.</returns>
    public static JobStepBuilder Job(this StepBuilder builder, IJob job)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(job);
        return new JobStepBuilder(builder, job);
    }
}
