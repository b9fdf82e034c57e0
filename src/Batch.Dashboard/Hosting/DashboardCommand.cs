using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Dashboard.Hosting;

/// <summary>
/// The <c>dashboard</c> command of the Batch command line: serves the dashboard over the application's job repository until Ctrl+C or
/// SIGTERM, on <c>http://127.0.0.1:5080</c> unless <c>--urls</c> says otherwise. Read-only unless <c>--enable-actions</c>; the actions' key comes
/// from configuration (<c>Batch:Dashboard:AccessKey</c>, for example the environment variable <c>Batch__Dashboard__AccessKey</c>), never from
/// an argument (arguments are visible to every user of the machine). An address that is not loopback is refused unless <c>--allow-remote</c>.
/// Register it with <see cref="BatchDashboardBatchBuilderExtensions.AddDashboardCommand"/>.
/// </summary>
public sealed class DashboardCommand : IBatchCommand
{
    /// <inheritdoc />
    public Command CreateCommand(BatchCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (semicolon-separated), default " + BatchDashboardServerOptions.DefaultUrls + ".",
            DefaultValueFactory = _ => BatchDashboardServerOptions.DefaultUrls,
        };
        var enableActions = new Option<bool>("--enable-actions")
        {
            Description = "Offer stop, restart, abandon and run-next; each needs the access key of Batch:Dashboard:AccessKey (X-Batch-Key header or the form's field).",
        };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow an address that is not loopback (the dashboard has no login of its own)." };
        var command = new Command("dashboard", "Serves the Batch dashboard (jobs, executions, steps, live progress, duration charts) until Ctrl+C.")
        {
            urls, enableActions, allowRemote,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var addresses = result.GetRequiredValue(urls);
            if (NotUrl(addresses) is { } malformed)
            {
                throw new JobParametersInvalidException(
                    $"--urls '{malformed}' is not an address to listen on: write for example --urls http://127.0.0.1:5080 (several separated by ';').");
            }

            if (!result.GetValue(allowRemote) && NotLoopback(addresses) is { } remote)
            {
                throw new JobParametersInvalidException(
                    $"'{remote}' is not a loopback address, and the dashboard has no login of its own: listen on 127.0.0.1 (behind a proxy that authenticates), " +
                    "or give --allow-remote.");
            }

            var configuration = context.Services.GetService<IConfiguration>()?.GetSection("Batch:Dashboard");
            var key = configuration?["AccessKey"];
            var actions = result.GetValue(enableActions);
            if (actions && string.IsNullOrEmpty(key))
            {
                throw new JobParametersInvalidException(
                    "--enable-actions needs an access key: set Batch:Dashboard:AccessKey (for example the environment variable Batch__Dashboard__AccessKey) " +
                    "to a long random value.");
            }

            if (actions && key!.Length < BatchDashboardOptions.MinimumAccessKeyLength)
            {
                throw new JobParametersInvalidException(
                    $"Batch:Dashboard:AccessKey has {key.Length} characters; use at least {BatchDashboardOptions.MinimumAccessKeyLength}, a random secret " +
                    "(for example the output of 'openssl rand -base64 32').");
            }

            await using var server = await BatchDashboardServer.StartAsync(context.Services, new BatchDashboardServerOptions
            {
                Urls = addresses,
                Dashboard = o =>
                {
                    o.EnableActions = actions;
                    o.AccessKey = key;
                },
            }, cancellationToken).ConfigureAwait(false);
            if (context.WantsJson(result))
            {
                await context.Output.WriteLineAsync(new JsonObject
                {
                    ["dashboard"] = server.DashboardUri.ToString(),
                    ["actions"] = actions,
                }.ToJsonString()).ConfigureAwait(false);
            }
            else
            {
                await context.Output.WriteLineAsync(
                    $"Dashboard on {server.DashboardUri} ({(actions ? "actions enabled, behind the access key" : "read-only")}); Ctrl+C stops it.").ConfigureAwait(false);
            }

            await context.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return BatchExitCodes.Completed;
        });
        return command;
    }

    /// <summary>The first address whose host is not loopback (<c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>), or null.</summary>
    /// <summary>The first of the addresses that is not an absolute http or https URL, else null.</summary>
    private static string? NotUrl(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(url => !Uri.TryCreate(url.Replace("://*", "://any-host", StringComparison.Ordinal).Replace("://+", "://any-host", StringComparison.Ordinal),
                UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"));

    private static string? NotLoopback(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = Uri.TryCreate(url.Replace("://*", "://any-host", StringComparison.Ordinal).Replace("://+", "://any-host", StringComparison.Ordinal),
                UriKind.Absolute, out var uri) ? uri.Host : url;
            var loopback = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
            if (!loopback)
            {
                return url;
            }
        }

        return null;
    }
}
