using Batch.Jobs;

namespace Batch.Launch;

/// <summary>The jobs an application knows, by name.</summary>
public interface IJobRegistry
{
    /// <summary>The registered job names, sorted.</summary>
    IReadOnlyList<string> JobNames { get; }

    /// <summary>Gets a job by name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The job.</returns>
    /// <exception cref="NoSuchJobException">No job has that name; the message names it and lists the registered ones.</exception>
    IJob GetJob(string name);
}
