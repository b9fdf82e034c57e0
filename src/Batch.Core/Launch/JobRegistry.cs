using Batch.Engine;
using Batch.Jobs;

namespace Batch.Launch;

/// <summary>A registry of jobs built once, on first use, from instances and factories.</summary>
public sealed class JobRegistry : IJobRegistry
{
    private readonly Lazy<Dictionary<string, IJob>> _jobs;

    /// <summary>Creates a registry.</summary>
    /// <param name="jobs">The jobs, or factories of jobs, as given to the registration.</param>
    /// <param name="services">The services the factories get.</param>
    public JobRegistry(IEnumerable<JobRegistration> jobs, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(services);
        var registrations = jobs.ToList();
        _jobs = new Lazy<Dictionary<string, IJob>>(() => Build(registrations, services));
    }

    /// <summary>Creates a registry of ready jobs.</summary>
    /// <param name="jobs">The jobs.</param>
    public JobRegistry(params IJob[] jobs)
        : this(jobs.Select(j => new JobRegistration(_ => j)), EmptyServiceProvider.Instance)
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<string> JobNames => [.. _jobs.Value.Keys.Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public IJob GetJob(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_jobs.Value.TryGetValue(name, out var job))
        {
            return job;
        }

        var known = JobNames;
        throw new NoSuchJobException(
            $"No job named '{name}' is registered. " + (known.Count == 0 ? "No jobs are registered." : $"Registered jobs: {string.Join(", ", known)}."));
    }

    private static Dictionary<string, IJob> Build(List<JobRegistration> registrations, IServiceProvider services)
    {
        var jobs = new Dictionary<string, IJob>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            var job = registration.Factory(services);
            if (!jobs.TryAdd(job.Name, job))
            {
                throw new InvalidOperationException($"Two jobs are registered with the name '{job.Name}': job names must be unique.");
            }
        }

        return jobs;
    }
}
