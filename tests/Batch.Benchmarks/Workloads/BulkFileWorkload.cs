using System.Diagnostics;
using System.Globalization;
using Batch.Infrastructure.Database;
using Batch.Infrastructure.Files;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Bulk file loads against the databases' own command-line tools, in the same run: the 1M-row CSV file into SQLite through the
/// delimited reader and the batched writer (in the chunk's transaction of the SQLite job repository) against
/// <c>sqlite3 .import</c>; and PostgreSQL → CSV, the keyset reader and the delimited writer against
/// <c>psql \copy (SELECT …) TO</c> (goal: at least half its rows per second).
/// </summary>
internal sealed class BulkFileWorkload(Databases databases) : IWorkload
{
    private const string Create = "CREATE TABLE bench_orders (id BIGINT PRIMARY KEY, customer TEXT NOT NULL, amount NUMERIC(12, 2) NOT NULL, day DATE NOT NULL, quantity INTEGER NOT NULL)";

    public string Name => "bulk files";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var rows = settings.Scaled(1_000_000, 2_000);
        var csv = Path.Combine(settings.WorkDirectory, "bulk-orders.csv");
        await CsvToPostgresWorkload.WriteCsvAsync(csv, rows, cancellationToken);
        var runs = Math.Max(3, Math.Min(settings.Repetitions, 5));
        var results = new List<WorkloadResult>();

        // CSV → SQLite.
        var sqliteJob = new List<double>();
        var sqliteImport = new List<double>();
        for (var r = 0; r <= runs; r++)
        {
            var importMs = await SqliteImportAsync(databases.NewSqlite("bulk-import"), csv, rows, settings.WorkDirectory, cancellationToken);
            var jobMs = await SqliteJobAsync(databases.NewSqlite("bulk-job"), csv, rows, cancellationToken);
            if (r > 0)
            {
                sqliteImport.Add(importMs);
                sqliteJob.Add(jobMs);
            }
        }

        results.Add(WorkloadResult.Info(
            $"bulk files: {rows:N0}-row CSV → SQLite, delimited reader + batched writer (chunk 1000) vs sqlite3 .import", "rows/s",
            rows / (Measure.Median(sqliteJob) / 1000), rows / (Measure.Median(sqliteImport) / 1000), "reported (higher is better; .import is one transaction, no restart)", null,
            string.Create(CultureInfo.InvariantCulture, $"median of {runs}: {Measure.Median(sqliteJob) / 1000:0.00} s vs {Measure.Median(sqliteImport) / 1000:0.00} s")));

        // PostgreSQL → CSV.
        var connectionString = await databases.NewPostgresAsync("bulk_export");
        await LoadPostgresAsync(connectionString, csv, cancellationToken);
        var exportJob = new List<double>();
        var exportPsql = new List<double>();
        for (var r = 0; r <= runs; r++)
        {
            var psqlMs = await PsqlExportAsync(connectionString, Path.Combine(settings.WorkDirectory, "export-psql.csv"), cancellationToken);
            var jobMs = await PostgresExportJobAsync(connectionString, Path.Combine(settings.WorkDirectory, $"export-job-{r}.csv"), rows, cancellationToken);
            if (r > 0)
            {
                exportPsql.Add(psqlMs);
                exportJob.Add(jobMs);
            }
        }

        var job = rows / (Measure.Median(exportJob) / 1000);
        var psql = rows / (Measure.Median(exportPsql) / 1000);
        results.Add(WorkloadResult.Info(
            $"bulk files: PostgreSQL → CSV, {rows:N0} rows, keyset reader (page 1000) + delimited writer vs psql \\copy (SELECT …) TO", "rows/s",
            job, psql, ">= 0.5x baseline (higher is better)", job >= 0.5 * psql,
            string.Create(CultureInfo.InvariantCulture, $"median of {runs}: {Measure.Median(exportJob) / 1000:0.00} s vs {Measure.Median(exportPsql) / 1000:0.00} s; both files hold the header and every row")));
        return results;
    }

    private static async Task<double> SqliteJobAsync(string connectionString, string csv, int rows, CancellationToken cancellationToken)
    {
        await using (var connection = await Databases.OpenAsync(Backend.Sqlite, connectionString))
        {
            await using var create = connection.CreateCommand();
            create.CommandText = Create;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var (repository, _) = Databases.Open(Backend.Sqlite, connectionString, counted: false);
        try
        {
            var job = new JobBuilder("load-sqlite")
                .Start(new StepBuilder("load")
                    .Chunk<CsvOrder>(CsvToPostgresChild.ChunkSize)
                    .Reader(_ => new DelimitedFileReader<CsvOrder>(
                        new DelimitedFileReaderOptions { Path = csv },
                        f => new CsvOrder(f.Parse<long>(0), f.GetString(1), f.Parse<decimal>(2), f.Parse<DateOnly>(3), f.Parse<int>(4))))
                    .Writer(ctx => new DbBatchItemWriter<CsvOrder>(
                        new DbBatchWriterOptions<CsvOrder>
                        {
                            Table = "bench_orders",
                            Columns = ["id", "customer", "amount", "day", "quantity"],
                            Binder = (o, p) =>
                            {
                                p[0].Value = o.Id;
                                p[1].Value = o.Customer;
                                p[2].Value = o.Amount;
                                p[3].Value = o.Day;
                                p[4].Value = o.Quantity;
                            },
                        },
                        ctx.LoggerFactory))
                    .Build())
                .Build();
            var clock = Stopwatch.StartNew();
            var execution = await new JobLauncher(repository).RunAsync(job, JobParameters.Empty, cancellationToken);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (execution.Status != BatchStatus.Completed || execution.StepExecutions[0].WriteCount != rows)
            {
                throw new InvalidOperationException($"The SQLite load ended {execution.Status.ToCode()}: {execution.ExitStatus}");
            }

            return elapsed;
        }
        finally
        {
            if (repository is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private static async Task<double> SqliteImportAsync(string connectionString, string csv, int rows, string work, CancellationToken cancellationToken)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var script = Path.Combine(work, "import.sql");
        await File.WriteAllTextAsync(script, $"PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n{Create};\n.import --csv --skip 1 '{csv}' bench_orders\n", cancellationToken);
        var clock = Stopwatch.StartNew();
        await ExternalTool.RunAsync("sqlite3", [file, $".read {script}"], cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await using var connection = await Databases.OpenAsync(Backend.Sqlite, connectionString);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM bench_orders";
        if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != rows)
        {
            throw new InvalidOperationException("sqlite3 .import loaded the wrong number of rows.");
        }

        return elapsed;
    }

    private static async Task LoadPostgresAsync(string connectionString, string csv, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand(Create, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExternalTool.RunAsync("psql", [.. ExternalTool.PsqlArguments(connectionString), "-c", $"\\copy bench_orders FROM '{csv}' WITH (FORMAT csv, HEADER true)"], cancellationToken);
    }

    private static async Task<double> PsqlExportAsync(string connectionString, string output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await ExternalTool.RunAsync("psql",
            [.. ExternalTool.PsqlArguments(connectionString), "-c", $"\\copy (SELECT id, customer, amount, day, quantity FROM bench_orders ORDER BY id) TO '{output}' WITH (FORMAT csv, HEADER true)"],
            cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    internal static async Task<double> PostgresExportJobAsync(string connectionString, string output, int? rows, CancellationToken cancellationToken)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        var job = new JobBuilder("export-orders")
            .Start(new StepBuilder("export")
                .Chunk<CsvOrder>(CsvToPostgresChild.ChunkSize)
                .Reader(_ => new KeysetItemReader<CsvOrder>(source, new KeysetReaderOptions<CsvOrder>
                {
                    Sql = "SELECT id, customer, amount, day, quantity FROM bench_orders",
                    KeyColumns = ["id"],
                    Mapper = r => new CsvOrder(r.GetInt64(0), r.GetString(1), r.GetDecimal(2), DateOnly.FromDateTime(r.GetDateTime(3)), r.GetInt32(4)),
                    PageSize = 1000,
                }))
                .FileWriter(_ => new DelimitedFileWriter<CsvOrder>(
                    new DelimitedFileWriterOptions { Path = output, ColumnNames = ["id", "customer", "amount", "day", "quantity"] },
                    static (o, f) =>
                    {
                        f.Write(o.Id);
                        f.Write(o.Customer);
                        f.Write(o.Amount, "0.00");
                        f.Write(o.Day, "yyyy-MM-dd");
                        f.Write(o.Quantity);
                    }))
                .Build())
            .Build();
        var repository = new InMemoryJobRepository();
        var clock = Stopwatch.StartNew();
        var execution = await new JobLauncher(repository).RunAsync(job, JobParameters.Empty, cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (execution.Status != BatchStatus.Completed || (rows is not null && execution.StepExecutions[0].WriteCount != rows))
        {
            throw new InvalidOperationException($"The export ended {execution.Status.ToCode()}: {execution.ExitStatus}");
        }

        var lines = 0L;
        await foreach (var _ in File.ReadLinesAsync(output, cancellationToken))
        {
            lines++;
        }

        if (rows is not null && lines != rows + 1)
        {
            throw new InvalidOperationException($"The export wrote {lines} lines, not {rows + 1}.");
        }

        return elapsed;
    }
}
