using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samples.Pass.Web;

/// <summary>
/// The pass sample's web server (seed 003's pages and APIs) on Kestrel: a member's passes, an admin page to register bulk passes and an
/// admin statistics page, each loading its data from the JSON APIs of <see cref="PassWebApi"/>. What the <c>pass-web</c> command runs;
/// it listens on 127.0.0.1 by default. The pass tables are created when missing, as the jobs' <c>prepare</c> step does.
/// </summary>
internal static class PassWebServer
{
    /// <summary>Starts the server and returns once it listens.</summary>
    /// <param name="database">The pass tables' database (the jobs' <see cref="PassDatabase"/>).</param>
    /// <param name="options">Where to listen and the admin key.</param>
    /// <param name="loggerFactory">Where the server's logs go (the application's factory); null for none.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static async Task<RunningPassWeb> StartAsync(PassDatabase database, PassWebOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        await PassWebTables.EnsureCreatedAsync(database, cancellationToken);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(PassWebServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Logging.AddProvider(new PassWebLoggerProvider(loggerFactory));
            // Failures (an unhandled exception is logged with its stack trace), not a line per request; the command prints the address.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        }

        builder.Services.AddSingleton(database);
        builder.Services.AddProblemDetails();
        if (!options.AllowRemote)
        {
            builder.Services.Configure<HostFilteringOptions>(o =>
            {
                o.AllowedHosts = ["127.0.0.1", "localhost", "[::1]"];
                o.AllowEmptyHosts = false;
            });
        }

        var app = builder.Build();
        try
        {
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            if (!options.AllowRemote)
            {
                app.UseHostFiltering();
            }

            PassWebApi.Map(app, new AdminKeyFilter(options.AdminKey));
            PassWebPages.Map(app);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Url;
            return new RunningPassWeb(app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
