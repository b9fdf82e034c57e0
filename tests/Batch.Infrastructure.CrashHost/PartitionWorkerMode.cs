using Batch.Items;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// A worker process of remote partitioning: the command line <c>worker</c> of an application with the partitioned job
/// (<see cref="PartitionedJob"/>) on the PostgreSQL repository, writing each chunk into TEST_ITEM in the chunk's transaction.
/// With <c>hold=&lt;folder&gt;</c>, the first worker (of all processes sharing the folder) whose partition has committed
/// <c>hold-after</c> chunks takes the folder's "held" file (naming the partition's step execution), prints "holding" and
/// blocks in its next write for ever — in the middle of a partition, for the test to kill it.
/// </summary>
internal static class PartitionWorkerMode
{
    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        await ItemTable.CreateAsync(provider);
        var holdFolder = arguments.Get("hold");
        var holdAfter = arguments.Int("hold-after", 5);
        var job = PartitionedJob.Build(
            ctx => new HoldingWriter(new ItemTable.Writer(), holdFolder, holdAfter, ctx.StepExecution.StepName),
            keys: arguments.Int("keys", 1000), ranges: arguments.Int("ranges", 10), chunk: arguments.Int("chunk", 10), remote: true);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBatch(batch => batch
            .UsePostgres(provider.ConnectionString)
            .AddRemotePartitioning(worker =>
            {
                worker.LeaseDuration = TimeSpan.FromMilliseconds(arguments.Int("lease-ms", 30_000));
                worker.PollInterval = TimeSpan.FromMilliseconds(arguments.Int("poll-ms", 5_000));
            })
            .AddJob(job));
        using var host = builder.Build();
        return await host.RunBatchCommandLineAsync(["worker"]);
    }

    private sealed class HoldingWriter(IItemWriter<int> inner, string? holdFolder, int holdAfter, string stepName) : IItemWriter<int>
    {
        private int _chunks;

        public async ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            if (holdFolder is not null && _chunks++ == holdAfter && TryTakeHold())
            {
                Console.WriteLine("holding");
                Console.Out.Flush();
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }

            await inner.WriteAsync(chunk, cancellationToken);
        }

        private bool TryTakeHold()
        {
            try
            {
                using var held = new FileStream(Path.Combine(holdFolder!, "held"), FileMode.CreateNew, FileAccess.Write);
                using var text = new StreamWriter(held);
                text.Write(stepName);
                return true;
            }
            catch (IOException)
            {
                return false; // another worker holds already
            }
        }
    }
}
