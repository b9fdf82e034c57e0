using Batch.Dashboard;
using Batch.Dashboard.Actions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Batch dashboard's services.</summary>
public static class BatchDashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard (its options, anti-forgery, the runner of the jobs it launches). It reads the job repository through the
    /// <c>IJobExplorer</c>, and acts through the <c>IJobOperator</c>, that <c>AddBatch</c> registers. Then map it with
    /// <c>app.MapBatchDashboard()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (read-only by default); null for the defaults.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddBatchDashboard(this IServiceCollection services, Action<BatchDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BatchDashboardOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddAntiforgery();
        services.TryAddSingleton<DashboardLaunches>();
        return services;
    }
}
