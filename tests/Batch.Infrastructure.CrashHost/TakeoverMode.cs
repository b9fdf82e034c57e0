using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// The command line (<c>run numbers run:long=&lt;id&gt;</c>, …) of an application with the numbers job (chunks of 10 written to
/// TEST_ITEM) and a heartbeat of <c>heartbeat-ms</c>; with <c>takeover-ms</c>, <see cref="Hosting.BatchOptions.TakeOverDeadExecutionsAfter"/>
/// is set, so a <c>run</c> of an instance whose process was killed takes its execution over. With <c>hold-at=&lt;item&gt; release=&lt;file&gt;</c>
/// the job prints "holding" at that item and waits for the file (the test kills it there). The takeover warning is printed.
/// </summary>
internal static class TakeoverMode
{
    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        await ItemTable.CreateAsync(provider);
        var job = new NumbersJob(RunMode.JobName, arguments.Int("items", 1000), arguments.Int("chunk", 10), new ItemTable.Writer())
        {
            BeforeItemAsync = HoldAt(arguments.Int("hold-at", 0), arguments.Get("release")),
        };
        var heartbeat = TimeSpan.FromMilliseconds(arguments.Int("heartbeat-ms", 30_000));
        var takeOver = arguments.Get("takeover-ms") is { } ms ? TimeSpan.FromMilliseconds(int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture)) : (TimeSpan?)null;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).AddFilter("Batch.Job", LogLevel.Warning).AddFilter((category, _) => category == "Batch.Job");
        builder.Services.AddBatch(batch => (provider.IsPostgres
                ? batch.UsePostgres(provider.ConnectionString, o => o.CreateSchema = true)
                : batch.UseSqlite(provider.ConnectionString))
            .AddJob(job.Job)
            .Configure(o =>
            {
                o.HeartbeatInterval = heartbeat;
                o.TakeOverDeadExecutionsAfter = takeOver;
            }));
        using var host = builder.Build();
        return await host.RunBatchCommandLineAsync(arguments.Rest);
    }

    private static Func<int, CancellationToken, Task>? HoldAt(int holdAt, string? release) =>
        holdAt <= 0 || release is null ? null : async (item, cancellationToken) =>
        {
            if (item != holdAt || File.Exists(release))
            {
                return;
            }

            Console.WriteLine("holding");
            Console.Out.Flush();
            while (!File.Exists(release))
            {
                await Task.Delay(5, cancellationToken);
            }
        };
}
