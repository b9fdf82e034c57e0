using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Batch.Exceptions;
using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samples.Pass.Web;

/// <summary>
/// <c>pass-web [--port n] [--host address] [--allow-remote]</c>: serves the pass sample's pages and APIs (<see cref="PassWebServer"/>) on
/// the pass tables' database until Ctrl+C or SIGTERM, on <c>http://127.0.0.1:5090</c> by default. The admin key comes from configuration
/// (<c>Pass:Web:AdminKey</c>, for example the environment variable <c>Pass__Web__AdminKey</c>), never from an argument (arguments are
/// visible to every user of the machine); without one the server starts and its admin pages and APIs refuse everything.
/// </summary>
internal sealed class PassWebCommand : IBatchCommand
{
    public Command CreateCommand(BatchCommandContext context)
    {
        var port = new Option<int>("--port")
        {
            Description = $"The port to listen on (0 picks a free one), default {PassWebOptions.DefaultPort}.",
            DefaultValueFactory = _ => PassWebOptions.DefaultPort,
        };
        var host = new Option<string>("--host")
        {
            Description = $"The address to listen on, default {PassWebOptions.DefaultHost} (this machine only); another one needs --allow-remote.",
            DefaultValueFactory = _ => PassWebOptions.DefaultHost,
        };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Allow an address that is not loopback and requests for any host name (the member pages have no login: put a proxy that authenticates in front).",
        };
        var command = new Command("pass-web",
            "Serves the pass sample's pages and JSON APIs until Ctrl+C: a member's passes (/members/<id>, GET /api/members/<id>/passes), " +
            "registering a bulk pass (/admin/bulk-passes, POST /api/admin/bulk-passes) and the statistics with a chart " +
            "(/admin/statistics, GET /api/admin/statistics?from=yyyy-MM-dd&to=yyyy-MM-dd). The admin pages and APIs need the key of " +
            "Pass:Web:AdminKey (environment Pass__Web__AdminKey) in the X-Admin-Key header; without a key configured they refuse everything.")
        {
            port, host, allowRemote,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var portNumber = result.GetValue(port);
            if (portNumber is < 0 or > 65535)
            {
                throw new JobParametersInvalidException($"--port is {portNumber}: give a port from 1 to 65535, or 0 for a free one.");
            }

            var address = result.GetRequiredValue(host).Trim();
            var remote = result.GetValue(allowRemote);
            if (!remote && !IsLoopback(address))
            {
                throw new JobParametersInvalidException(
                    $"--host {address} is not a loopback address, and the member pages have no login of their own: listen on 127.0.0.1 " +
                    "(behind a proxy that authenticates), or give --allow-remote.");
            }

            var key = context.Services.GetService<IConfiguration>()?.GetSection(PassWebOptions.Section)["AdminKey"];
            var options = new PassWebOptions
            {
                Url = string.Create(CultureInfo.InvariantCulture, $"http://{(address.Contains(':', StringComparison.Ordinal) && !address.StartsWith('[') ? $"[{address}]" : address)}:{portNumber}"),
                AdminKey = key,
                AllowRemote = remote,
            };
            await using var server = await PassWebServer.StartAsync(
                context.Services.GetRequiredService<PassDatabase>(), options, context.Services.GetService<ILoggerFactory>(), cancellationToken);
            var hasKey = !string.IsNullOrEmpty(key);
            if (context.WantsJson(result))
            {
                await context.Output.WriteLineAsync(new JsonObject { ["url"] = server.BaseUri.ToString(), ["adminKey"] = hasKey }.ToJsonString());
            }
            else
            {
                await context.Output.WriteLineAsync($"Pass pages on {server.BaseUri} (members: {server.BaseUri}members/<id>; admin: {server.BaseUri}admin/bulk-passes, " +
                    $"{server.BaseUri}admin/statistics); Ctrl+C stops it.");
                if (!hasKey)
                {
                    await context.Output.WriteLineAsync("No admin key is configured: the admin pages and APIs refuse everything until Pass:Web:AdminKey " +
                        "(environment Pass__Web__AdminKey) is set to a long random value.");
                }
            }

            await context.Output.FlushAsync(CancellationToken.None);
            await server.WaitForShutdownAsync(cancellationToken);
            return BatchExitCodes.Completed;
        });
        return command;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
