using Batch.Dashboard;
using Batch.Dashboard.Actions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the Batch dashboard in an ASP.NET Core application, as Hangfire's dashboard is mounted.</summary>
public static class BatchDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard's pages under <paramref name="pattern"/> (default <see cref="BatchDashboardOptions.PathBase"/>, <c>/batch</c>).
    /// Needs <c>services.AddBatch(...)</c> and <c>services.AddBatchDashboard()</c>. The returned builder applies to every page and
    /// action: <c>app.MapBatchDashboard().RequireAuthorization("ops")</c> puts the whole dashboard behind a policy.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The mount point, for example <c>/batch</c>; null for the options' <see cref="BatchDashboardOptions.PathBase"/>.</param>
    /// <returns>The conventions of the dashboard's endpoints.</returns>
    /// <exception cref="InvalidOperationException"><c>AddBatchDashboard</c> was not called, or the options cannot work (the message names the setting).</exception>
    public static IEndpointConventionBuilder MapBatchDashboard(this IEndpointRouteBuilder endpoints, string? pattern = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<DashboardLaunches>() is null)
        {
            throw new InvalidOperationException("MapBatchDashboard needs the dashboard's services: call services.AddBatchDashboard() (after services.AddBatch(...)).");
        }

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<BatchDashboardOptions>>().Value;
        options.Validate();
        var mount = (pattern ?? options.PathBase).TrimEnd('/');
        if (mount.Length > 0 && mount[0] != '/')
        {
            mount = "/" + mount;
        }

        return DashboardEndpoints.Map(endpoints, mount);
    }
}
