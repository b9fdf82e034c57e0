using System.Diagnostics;
using Batch.Infrastructure.Database;
using Batch.Infrastructure.Tests.Support;
using Batch.Items;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>
/// A measurement, not a test (explicit: never run by default, asserts nothing about time): rows per second of each writer
/// loading the same orders into PostgreSQL and SQLite through a whole job, chunk 1000. Run with
/// <c>dotnet test tests/Batch.Infrastructure.Tests -c Release --filter "FullyQualifiedName~DatabaseWriterThroughput"</c>.
/// </summary>
[Explicit("A measurement: run it on purpose")]
public sealed class DatabaseWriterThroughput
{
    [TestCase("postgres", "copy", 200_000)]
    [TestCase("postgres", "copy", 400_000)]
    [TestCase("postgres", "batch", 400_000)]
    [TestCase("postgres", "batch", 200_000)]
    [TestCase("postgres", "ef", 200_000)]
    [TestCase("postgres", "keyset-read", 200_000)]
    [TestCase("sqlite", "batch", 200_000)]
    [TestCase("sqlite", "ef", 200_000)]
    [TestCase("sqlite", "keyset-read", 200_000)]
    public async Task Rows_per_second(string database, string writer, int rows)
    {
        await using RepositoryBackend backend = database == "postgres" ? new PostgresBackend() : new SqliteBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        var input = Enumerable.Range(1, rows).Select(i => Order.Of(i)).ToList();
        await using var dataSource = OrderTable.DataSource(provider);
        if (writer == "keyset-read")
        {
            await new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => OrderTable.BatchWriter("target"), 1000).RunAsync(repository, JobParameters.Parse("load=1"));
        }

        var job = writer switch
        {
            "copy" => new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => OrderTable.CopyWriter("target"), 1000),
            "batch" => new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => OrderTable.BatchWriter("target"), 1000),
            "ef" => new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => OrderTable.EntityFrameworkWriter(provider, "target"), 1000),
            _ => new OrderJob(() => OrderTable.KeysetReader(dataSource, "target", 1000), () => new NullWriter(), 1000),
        };

        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var execution = await job.RunAsync(repository);
        clock.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        TestContext.Out.WriteLine($"{database} {writer}: {rows} rows in {clock.Elapsed.TotalSeconds:F2} s = {rows / clock.Elapsed.TotalSeconds:N0} rows/s (test process CPU {cpuUsed.TotalSeconds:F2} s)");
    }

    private sealed class NullWriter : IItemWriter<Order>
    {
        public ValueTask WriteAsync(Chunk<Order> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
