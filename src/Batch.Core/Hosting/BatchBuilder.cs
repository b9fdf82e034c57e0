using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Batch.Hosting;

/// <summary>Configures Batch in <c>services.AddBatch(batch =&gt; ...)</c>: the jobs and the job repository.</summary>
public sealed class BatchBuilder
{
    internal BatchBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection, for extensions (such as <c>UseSqlite</c>) to register their services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers a ready job.</summary>
    /// <param name="job">The job.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder AddJob(IJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Services.AddSingleton(new JobRegistration(_ => job));
        return this;
    }

    /// <summary>Registers a job built from the application's services when first needed.</summary>
    /// <param name="factory">Builds the job.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder AddJob(Func<IServiceProvider, IJob> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(new JobRegistration(factory));
        return this;
    }

    /// <summary>Uses the given job repository (it is also the job explorer).</summary>
    /// <param name="factory">Creates the repository.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder UseRepository(Func<IServiceProvider, IJobRepository> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IJobRepository>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>Uses a job repository in process memory (the default when no other is chosen): nothing survives the process.</summary>
    /// <returns>This builder.</returns>
    public BatchBuilder UseInMemoryRepository() =>
        UseRepository(sp => new InMemoryJobRepository(sp.GetService<TimeProvider>()));
}
