using Batch.Launch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Batch.Dashboard.Hosting;

/// <summary>
/// The dashboard as its own small web server (Kestrel), over the job repository of an application that is already built: what the
/// <c>dashboard</c> command runs. It listens on 127.0.0.1 by default.
/// </summary>
public static class BatchDashboardServer
{
    /// <summary>Serves the dashboard until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="batchServices">The services of the application (<c>host.Services</c>): its <c>IJobExplorer</c>, <c>IJobOperator</c>, <c>IJobRegistry</c>.</param>
    /// <param name="options">Where to listen and the dashboard's options; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the server (Ctrl+C).</param>
    /// <returns>A task that completes when the server has stopped (a cancellation, even during the start, is a normal end).</returns>
    public static async Task RunAsync(IServiceProvider batchServices, BatchDashboardServerOptions? options, CancellationToken cancellationToken)
    {
        RunningBatchDashboard server;
        try
        {
            server = await StartAsync(batchServices, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        await using (server.ConfigureAwait(false))
        {
            await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the server and returns once it listens.</summary>
    /// <param name="batchServices">The services of the application: its <c>IJobExplorer</c>, <c>IJobOperator</c>, <c>IJobRegistry</c>.</param>
    /// <param name="options">Where to listen and the dashboard's options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="batchServices"/> has no <c>IJobExplorer</c> (no <c>AddBatch</c>), or the options cannot work.</exception>
    public static async Task<RunningBatchDashboard> StartAsync(IServiceProvider batchServices, BatchDashboardServerOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batchServices);
        options ??= new BatchDashboardServerOptions();
        var explorer = batchServices.GetService<IJobExplorer>()
            ?? throw new InvalidOperationException("The dashboard server needs the services of a Batch application (services.AddBatch(...)): no IJobExplorer was found.");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(BatchDashboardServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.ClearProviders();
        if (batchServices.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        }

        // A start that fails is reported once, by the exception below, not also as the host's stack trace; requests are not logged
        // one by one; the keys of the antiforgery tokens live in memory for this server's lifetime (nothing is written to the user's profile).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

        var services = builder.Services;
        services.AddSingleton(explorer);
        Forward<IJobOperator>(services, batchServices);
        Forward<IJobRegistry>(services, batchServices);
        Forward<TimeProvider>(services, batchServices);
        Forward<IOptions<Batch.Hosting.BatchOptions>>(services, batchServices);
        foreach (var panel in batchServices.GetServices<IDashboardPanel>())
        {
            services.AddSingleton(panel);
        }

        services.AddBatchDashboard(options.Dashboard);
        var app = builder.Build();
        try
        {
            app.MapBatchDashboard(options.PathBase);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                .Select(a => new Uri(a.Replace("://[::]", "://localhost", StringComparison.Ordinal))).ToList() ?? [];
            return new RunningBatchDashboard(app, addresses.Count > 0 ? addresses : [new Uri(options.Urls.Split(';')[0])], options.PathBase);
        }
        catch (IOException inUse) when (inUse.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException(
                $"The dashboard cannot listen on {options.Urls}: the address is in use (another dashboard or program listens there). " +
                "Choose another address, for example --urls http://127.0.0.1:5081.", inUse);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Forward<T>(IServiceCollection services, IServiceProvider from)
        where T : class
    {
        if (from.GetService<T>() is { } service)
        {
            services.AddSingleton(service);
        }
    }
}
