using Batch.Flows;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>Finds a job's steps by name: in its sequence or flow, its pre- and post-steps, and inside partitioned steps (their worker steps).</summary>
public static class JobStepLookup
{
    /// <summary>The step named <paramref name="stepName"/> in <paramref name="job"/>, or null when it has none.</summary>
    /// <param name="job">The job: one the builders made, or an <see cref="IStepLocator"/>.</param>
    /// <param name="stepName">The step's name.</param>
    /// <returns>The step, or null.</returns>
    public static IStep? FindStep(this IJob job, string stepName)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(stepName);
        if (job is IStepLocator locator)
        {
            return locator.FindStep(stepName);
        }

        IEnumerable<IStep> steps = job switch
        {
            SimpleJob simple => simple.Steps,
            FlowJob flow => flow.Flow.Steps(),
            _ => [],
        };
        if (job is JobBase withPrePost)
        {
            steps = steps.Concat(new[] { withPrePost.PreStep, withPrePost.PostStep }.OfType<IStep>());
        }

        return Find(steps, stepName);
    }

    private static IStep? Find(IEnumerable<IStep> steps, string stepName)
    {
        foreach (var step in steps)
        {
            if (string.Equals(step.Name, stepName, StringComparison.Ordinal))
            {
                return step;
            }

            if (step is PartitionStep partitioned && Find([partitioned.WorkerStep], stepName) is { } worker)
            {
                return worker;
            }
        }

        return null;
    }
}
