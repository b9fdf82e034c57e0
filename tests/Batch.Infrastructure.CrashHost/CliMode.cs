using Batch.Items;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// The command line of an application with one job, "slow": chunks of 5 numbers whose writer first waits — while the file
/// <c>hold=</c> names exists (printing "holding"), else <c>chunk-ms</c> — and only then writes its rows through the chunk's
/// transaction, as a writer waiting on a remote system does. Every command (run, show, list, stop, recover…) runs as a user's would.
/// </summary>
internal static class CliMode
{
    public const string JobName = "slow";

    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        var command = arguments.Rest;
        if (command.Length > 0 && command[0] == "run")
        {
            await ItemTable.CreateAsync(provider);
        }

        var writer = new GatedWriter(arguments.Get("hold"), TimeSpan.FromMilliseconds(arguments.Int("chunk-ms", 200)));
        var job = new NumbersJob(JobName, 100_000, 5, writer);
        var busy = TimeSpan.FromMilliseconds(arguments.Int("busy-ms", 30_000));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddBatch(batch => (provider.IsPostgres
                ? batch.UsePostgres(provider.ConnectionString)
                : batch.UseSqlite(provider.ConnectionString, o => o.BusyTimeout = busy))
            .AddJob(job.Job));
        using var host = builder.Build();
        return await host.RunBatchCommandLineAsync(command);
    }

    /// <summary>Waits (on the test's file, or a fixed time) before it touches the chunk's transaction, then inserts the chunk.</summary>
    private sealed class GatedWriter(string? holdFile, TimeSpan chunkTime) : IItemWriter<int>
    {
        private readonly ItemTable.Writer _rows = new();

        public async ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            if (holdFile is not null && File.Exists(holdFile))
            {
                Console.WriteLine("holding");
                Console.Out.Flush();
                while (File.Exists(holdFile))
                {
                    await Task.Delay(10, CancellationToken.None);
                }
            }
            else
            {
                await Task.Delay(chunkTime, CancellationToken.None);
            }

            await _rows.WriteAsync(chunk, cancellationToken);
        }
    }
}
