using Batch.Faults;
using Batch.Hosting;
using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Batch with dependency injection.</summary>
public static class BatchServiceCollectionExtensions
{
    /// <summary>
    /// Adds Batch: the job registry, launcher, operator, explorer, the command-line runner, the exception
    /// classifier (<see cref="DefaultExceptionClassifier"/> unless one is registered), a job
    /// repository (in memory unless <paramref name="configure"/> chooses another), and the <see cref="BatchOptions"/>
    /// (defaults unless configured; validated when the host starts), and the in-process <see cref="Batch.Scheduling.JobScheduler"/> with its
    /// schedules (<see cref="BatchBuilder.Schedule(string, string, string?, string?, Batch.Scheduling.MisfirePolicy)"/>; checked by the <c>schedule</c> command, or when the host starts if it runs the hosted scheduler). Job, step and chunk listeners registered in the
    /// services (<see cref="BatchBuilder.AddListener{TListener}()"/>) are called by every job.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Registers jobs and chooses the repository.</param>
    /// <returns>The services.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddBatch(batch =&gt; batch
    ///     .AddJob(sp =&gt; new JobBuilder("hello").Start(helloStep).Build()));
    /// </code>
    /// </example>
    public static IServiceCollection AddBatch(this IServiceCollection services, Action<BatchBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IExceptionClassifier>(DefaultExceptionClassifier.Instance);
        services.AddOptions<BatchOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchOptions>, BatchOptionsValidator>());
        var builder = new BatchBuilder(services);
        configure?.Invoke(builder);
        services.TryAddSingleton<IJobRepository>(sp => new InMemoryJobRepository(sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IJobExplorer>(sp => sp.GetRequiredService<IJobRepository>());
        services.TryAddSingleton<IJobRegistry>(sp => new JobRegistry(sp.GetServices<JobRegistration>(), sp));
        services.TryAddSingleton<IJobLauncher>(sp => new JobLauncher(
            sp.GetRequiredService<IJobRepository>(), sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>(), sp,
            sp.GetRequiredService<IOptions<BatchOptions>>().Value));
        services.TryAddSingleton<IJobOperator>(sp => new JobOperator(
            sp.GetRequiredService<IJobRegistry>(), sp.GetRequiredService<IJobLauncher>(), sp.GetRequiredService<IJobRepository>(), sp.GetService<TimeProvider>(),
            sp.GetRequiredService<IOptions<BatchOptions>>().Value));
        services.TryAddSingleton(sp => new BatchCommandLineRunner(sp, sp.GetRequiredService<IOptions<BatchOptions>>().Value));
        Batch.Scheduling.JobSchedulerServices.Add(services);
        return services;
    }
}
