using System.CommandLine;
using Batch.Hosting;
using Samples.Collector.Configuration;
using Samples.Collector.HealthCheck;

namespace Samples.Collector.Commands;

/// <summary>
/// <c>healthcheck</c>: tries the candidates of <c>cfg/healthcheck.json</c> and writes <c>cfg/datalake.json</c> with the first
/// reachable one of each kind. Exit 0 when every kind has one; 1 when a kind has none (datalake.json is then left as it was);
/// 2 when healthcheck.json is missing or invalid.
/// </summary>
public sealed class HealthCheckCommand : IBatchCommand
{
    private static readonly string[] RequiredKinds = ["repository", "namenode", "hive"];

    /// <inheritdoc />
    public Command CreateCommand(BatchCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("healthcheck", "Finds the reachable servers of cfg/healthcheck.json and writes cfg/datalake.json (exit 0 when every kind has one).");
        command.SetCollectorAction(context, async (_, folder, cancellationToken) =>
        {
            var settings = await SettingsFiles.ReadHealthCheckAsync(folder, cancellationToken).ConfigureAwait(false);
            var checker = new HealthChecker(folder, TimeSpan.FromSeconds(settings.ConnectTimeoutSeconds));
            var results = await checker.CheckAsync(settings, cancellationToken).ConfigureAwait(false);
            foreach (var result in results)
            {
                await context.Output.WriteLineAsync(
                    $"{result.Kind}[{result.Index}] {result.Description}: {(result.Reachable ? "ok" : "unreachable - " + result.Reason)}").ConfigureAwait(false);
            }

            ProbeResult? First(string kind) => results.FirstOrDefault(r => r.Kind == kind && r.Reachable);
            var missing = RequiredKinds.Where(k => First(k) is null).ToList();
            if (settings.Proxy.Count > 0 && First("proxy") is null)
            {
                missing.Add("proxy");
            }

            if (missing.Count > 0)
            {
                await context.Error.WriteLineAsync(
                    $"healthcheck: no reachable server for {string.Join(", ", missing)}; cfg/datalake.json was left unchanged. The batch cannot run without them.").ConfigureAwait(false);
                return BatchExitCodes.Failed;
            }

            var previous = SettingsFiles.TryReadDatalake(folder, out string? _);
            var datalake = new DatalakeSettings
            {
                Repository = settings.Repository[First("repository")!.Index],
                Namenode = settings.Namenode[First("namenode")!.Index],
                Hive = settings.Hive[First("hive")!.Index],
                Proxy = First("proxy") is { } proxy ? settings.Proxy[proxy.Index] : null,
                Threads = settings.Threads,
                ChunkSize = previous?.ChunkSize ?? 10_000,
                TakeOverAfterSeconds = previous?.TakeOverAfterSeconds ?? 600,
                RemoteWorkers = previous?.RemoteWorkers ?? false,
                CheckedAt = DateTime.UtcNow,
            };
            await SettingsFiles.WriteDatalakeAsync(folder, datalake, cancellationToken).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"healthcheck: wrote {folder.DatalakeFile}").ConfigureAwait(false);
            return BatchExitCodes.Completed;
        });
        return command;
    }
}
