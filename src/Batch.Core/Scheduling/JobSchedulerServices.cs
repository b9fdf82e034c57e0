using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Batch.Scheduling;

/// <summary>
/// What <c>AddBatch</c> registers for the scheduler: the <see cref="JobScheduler"/> and the checks of its entries, run when the scheduler
/// first reads them (the <c>schedule</c> command), or when the host starts if it runs the hosted scheduler — not at every start, so that a
/// bad entry cannot keep an operator from <c>stop</c>, <c>fail</c> or <c>show</c>.
/// </summary>
internal static class JobSchedulerServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<JobSchedulerOptions>();
        Func<IServiceProvider, JobSchedulerOptionsValidator> validator = sp => new JobSchedulerOptionsValidator(sp);
        services.TryAddEnumerable(new ServiceDescriptor(typeof(IValidateOptions<JobSchedulerOptions>), validator, ServiceLifetime.Singleton));
        services.TryAddSingleton(sp => new JobScheduler(
            sp.GetRequiredService<IJobOperator>(), sp.GetRequiredService<IJobRegistry>(), sp.GetRequiredService<IJobExplorer>(),
            sp.GetRequiredService<IOptions<JobSchedulerOptions>>(), sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
    }
}
