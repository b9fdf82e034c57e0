using System.Diagnostics;
using System.Globalization;
using Batch.Infrastructure.Database;
using Batch.Infrastructure.Files;
using Batch.Infrastructure.Repository;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Npgsql;
using NpgsqlTypes;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// The two sides of the CSV → PostgreSQL comparison, each run in a process of its own so its whole CPU (start-up and JIT
/// included) is measured: <c>job</c> — the library's delimited reader and binary-COPY writer in a chunk step on the
/// PostgreSQL job repository, as a user writes it from the README; <c>loop</c> — the same file parsed with CsvHelper (as the library's reader does) and
/// COPYed by hand in the same chunks, one transaction each. Prints one line: rows, wall ms, CPU ms, then for a person reading it thread-pool work items, MB allocated, collections per generation, threads and GC pause.
/// </summary>
internal static class CsvToPostgresChild
{
    public const int ChunkSize = 1000;

    public static async Task<int> RunAsync(string variant, string csv, string connectionString)
    {
        var clock = Stopwatch.StartNew();
        var rows = variant switch
        {
            "job" => await JobAsync(csv, connectionString),
            "loop" => await LoopAsync(csv, connectionString),
            _ => throw new ArgumentException($"Unknown variant '{variant}': use job or loop."),
        };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows} {clock.Elapsed.TotalMilliseconds:0.0} {cpu.TotalMilliseconds:0.0} {ThreadPool.CompletedWorkItemCount} {GC.GetTotalAllocatedBytes() / 1024 / 1024}MB gc{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} threads{Process.GetCurrentProcess().Threads.Count} pause{GC.GetTotalPauseDuration().TotalMilliseconds:0}ms"));
        return 0;
    }

    private static async Task<long> JobAsync(string csv, string connectionString)
    {
        await using var repository = RelationalJobRepository.CreatePostgres(connectionString);
        var job = new JobBuilder("load-orders")
            .Start(new StepBuilder("load")
                .Chunk<CsvOrder>(ChunkSize)
                .Reader(_ => new DelimitedFileReader<CsvOrder>(
                    new DelimitedFileReaderOptions { Path = csv },
                    f => new CsvOrder(f.Parse<long>(0), f.GetString(1), f.Parse<decimal>(2), f.Parse<DateOnly>(3), f.Parse<int>(4))))
                .Writer(ctx => new PostgresCopyItemWriter<CsvOrder>(
                    new PostgresCopyWriterOptions<CsvOrder>
                    {
                        Table = "bench_orders",
                        Columns = ["id", "customer", "amount", "day", "quantity"],
                        WriteRow = WriteRowAsync,
                    },
                    ctx.LoggerFactory))
                .Build())
            .Build();
        var execution = await new JobLauncher(repository).RunAsync(
            job, new JobParametersBuilder().AddLong("run", DateTime.UtcNow.Ticks).Build(), CancellationToken.None);
        if (execution.Status != BatchStatus.Completed)
        {
            throw new InvalidOperationException($"The load ended {execution.Status.ToCode()}: {execution.ExitStatus}");
        }

        return execution.StepExecutions[0].WriteCount;
    }

    private static async Task WriteRowAsync(CsvOrder o, NpgsqlBinaryImporter row, CancellationToken cancellationToken)
    {
        await row.WriteAsync(o.Id, NpgsqlDbType.Bigint, cancellationToken);
        await row.WriteAsync(o.Customer, NpgsqlDbType.Text, cancellationToken);
        await row.WriteAsync(o.Amount, NpgsqlDbType.Numeric, cancellationToken);
        await row.WriteAsync(o.Day, NpgsqlDbType.Date, cancellationToken);
        await row.WriteAsync(o.Quantity, NpgsqlDbType.Integer, cancellationToken);
    }

    /// <summary>What a careful developer writes by hand: CsvHelper, one COPY and one commit per chunk of rows.</summary>
    private static async Task<long> LoopAsync(string csv, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        using var parser = CsvHelper.CsvReader.Create(File.OpenRead(csv), new CsvHelper.CsvReaderOptions { HasHeader = true, Separator = ',' }, leaveOpen: false);
        var rows = 0L;
        var more = true;
        while (more)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var inChunk = 0;
            await using (var copy = await connection.BeginBinaryImportAsync("COPY bench_orders (id, customer, amount, day, quantity) FROM STDIN (FORMAT BINARY)"))
            {
                while (inChunk < ChunkSize && (more = parser.Read()))
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(parser.Parse<long>(0), NpgsqlDbType.Bigint);
                    await copy.WriteAsync(parser.GetString(1), NpgsqlDbType.Text);
                    await copy.WriteAsync(parser.Parse<decimal>(2), NpgsqlDbType.Numeric);
                    await copy.WriteAsync(parser.Parse<DateOnly>(3), NpgsqlDbType.Date);
                    await copy.WriteAsync(parser.Parse<int>(4), NpgsqlDbType.Integer);
                    inChunk++;
                }

                await copy.CompleteAsync();
            }

            await transaction.CommitAsync();
            rows += inChunk;
        }

        return rows;
    }
}

/// <summary>A row of the benchmark's CSV file.</summary>
internal sealed record CsvOrder(long Id, string Customer, decimal Amount, DateOnly Day, int Quantity);
