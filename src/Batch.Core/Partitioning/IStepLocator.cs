using Batch.Steps;

namespace Batch.Partitioning;

/// <summary>
/// A job that can find its steps by name. A worker process resolves a partition's worker step this way
/// (<see cref="JobStepLookup.FindStep"/>); the jobs the builders make are found without it, so only a hand-written
/// <see cref="Jobs.IJob"/> that runs partitioned steps remotely needs to implement it.
/// </summary>
public interface IStepLocator
{
    /// <summary>The step with the given name, anywhere in the job (inside flows, partitioned steps and pre- and post-steps), or null.</summary>
    /// <param name="stepName">The step's name.</param>
    /// <returns>The step, or null.</returns>
    IStep? FindStep(string stepName);
}
