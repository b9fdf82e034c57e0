using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload — a bulk load end to end: a 1M-row, 5-column CSV file into PostgreSQL, chunk 1000, by a job made of the library's
/// delimited reader and binary-COPY writer (rows and checkpoint in one transaction per chunk), against a hand-written Npgsql
/// loop that COPYs the same chunks with one commit each. Each side runs in a process of its own, alternating, so the rows per
/// second and the whole process's CPU per row (start-up and JIT included) are compared; <c>psql \copy</c> of the same file,
/// one transaction, is reported beside them as the physical limit. A file five times as long, loaded twice by each side, gives
/// the warm cost per row: the difference of the two sizes' CPU over the extra rows.
/// </summary>
internal sealed class CsvToPostgresWorkload(Databases databases) : IWorkload
{
    private const string Table = """
        DROP TABLE IF EXISTS bench_orders;
        CREATE TABLE bench_orders (id BIGINT PRIMARY KEY, customer TEXT NOT NULL, amount NUMERIC(12, 2) NOT NULL, day DATE NOT NULL, quantity INTEGER NOT NULL)
        """;

    public string Name => "csv to postgres";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var rows = settings.Scaled(1_000_000, 2_000);
        var csv = Path.Combine(settings.WorkDirectory, "orders.csv");
        await WriteCsvAsync(csv, rows, cancellationToken);
        var connectionString = await databases.NewPostgresAsync("csv_to_pg");
        var runs = Math.Max(3, Math.Min(settings.Repetitions, 5));
        var job = new List<(double Wall, double Cpu)>();
        var loop = new List<(double Wall, double Cpu)>();
        var psql = new List<double>();
        for (var r = 0; r < runs + 1; r++)
        {
            // The first round warms the disk cache and the server; it is not counted.
            var l = await RunChildAsync("loop", csv, connectionString, rows, cancellationToken);
            var j = await RunChildAsync("job", csv, connectionString, rows, cancellationToken);
            var p = await PsqlCopyAsync(csv, connectionString, rows, cancellationToken);
            if (r > 0)
            {
                loop.Add(l);
                job.Add(j);
                psql.Add(p);
            }
        }

        // The warm cost: the same load of a file five times as long, twice per side, alternating. The difference of the two
        // sizes' CPU per extra row leaves out what a process pays once (start-up, launch, JIT and the tier-1 recompilation).
        var longRows = rows * 5;
        var longCsv = Path.Combine(settings.WorkDirectory, "orders-long.csv");
        await WriteCsvAsync(longCsv, longRows, cancellationToken);
        var longJob = new List<double>();
        var longLoop = new List<double>();
        for (var r = 0; r < 2; r++)
        {
            longLoop.Add((await RunChildAsync("loop", longCsv, connectionString, longRows, cancellationToken)).Cpu);
            longJob.Add((await RunChildAsync("job", longCsv, connectionString, longRows, cancellationToken)).Cpu);
        }

        File.Delete(longCsv);
        var jobWall = Measure.Median(job.Select(x => x.Wall));
        var loopWall = Measure.Median(loop.Select(x => x.Wall));
        var jobCpu = Measure.Median(job.Select(x => x.Cpu));
        var loopCpu = Measure.Median(loop.Select(x => x.Cpu));
        var psqlWall = Measure.Median(psql);
        double PerSecond(double ms) => rows / (ms / 1000);
        double MicrosPerRow(double ms) => ms * 1000 / rows;
        return
        [
            WorkloadResult.Info(
                $"csv to postgres: {rows:N0}-row CSV → PostgreSQL, 5 columns, chunk {CsvToPostgresChild.ChunkSize}, delimited reader + COPY writer vs a hand-written Npgsql COPY loop",
                "rows/s", PerSecond(jobWall), PerSecond(loopWall), ">= 0.9x baseline (higher is better)", jobWall > 0 && loopWall / jobWall >= 0.9,
                string.Create(CultureInfo.InvariantCulture,
                    $"whole process, median of {runs}: {jobWall / 1000:0.00} s vs {loopWall / 1000:0.00} s; psql \\copy (one transaction, the physical limit): {PerSecond(psqlWall):N0} rows/s")),
            WorkloadResult.LowerIsBetter(
                $"csv to postgres: whole-process CPU per row, the job vs the hand-written loop", "µs/row", MicrosPerRow(jobCpu), MicrosPerRow(loopCpu), 1.15,
                string.Create(CultureInfo.InvariantCulture, $"user+sys of each process, start-up and JIT included: {jobCpu / 1000:0.00} s vs {loopCpu / 1000:0.00} s")),
            WorkloadResult.Info(
                $"csv to postgres: warm CPU per row (between {rows:N0} and {longRows:N0} rows), the job vs the hand-written loop", "µs/row",
                WarmMicrosPerRow(longJob.Average(), jobCpu), WarmMicrosPerRow(longLoop.Average(), loopCpu),
                "reported (what each further row costs, once start-up and JIT are paid)", null,
                string.Create(CultureInfo.InvariantCulture,
                    $"user+sys of {longRows:N0} rows, mean of 2: {longJob.Average() / 1000:0.00} s vs {longLoop.Average() / 1000:0.00} s; the rest of the row above is paid once per process")),
        ];

        double WarmMicrosPerRow(double longCpuMs, double cpuMs) => (longCpuMs - cpuMs) * 1000 / (longRows - rows);
    }

    private static async Task<(double Wall, double Cpu)> RunChildAsync(string variant, string csv, string connectionString, int rows, CancellationToken cancellationToken)
    {
        await ResetTableAsync(connectionString, cancellationToken);
        var line = (await ExternalTool.RunAsync(
            "dotnet", [typeof(CsvToPostgresChild).Assembly.Location, "--child", "csv-to-postgres", variant, csv, connectionString], cancellationToken)).Trim();
        var parts = line.Split(' ');
        var loaded = long.Parse(parts[0], CultureInfo.InvariantCulture);
        if (loaded != rows || await CountAsync(connectionString, cancellationToken) != rows)
        {
            throw new InvalidOperationException($"The '{variant}' child loaded {loaded} rows, not {rows}.");
        }

        return (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary><c>psql \copy</c> of the same file (one transaction): the rows per second the server and the disk allow.</summary>
    private static async Task<double> PsqlCopyAsync(string csv, string connectionString, int rows, CancellationToken cancellationToken)
    {
        await ResetTableAsync(connectionString, cancellationToken);
        var clock = Stopwatch.StartNew();
        await ExternalTool.RunAsync(
            "psql",
            [.. ExternalTool.PsqlArguments(connectionString), "-c", $"\\copy bench_orders (id, customer, amount, day, quantity) FROM '{csv}' WITH (FORMAT csv, HEADER true)"],
            cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (await CountAsync(connectionString, cancellationToken) != rows)
        {
            throw new InvalidOperationException("psql \\copy loaded the wrong number of rows.");
        }

        return elapsed;
    }

    private static async Task ResetTableAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Table, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection);
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM bench_orders", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static async Task WriteCsvAsync(string path, int rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync("id,customer,amount,day,quantity".AsMemory(), cancellationToken);
        var day = new DateOnly(2026, 1, 1);
        var line = new StringBuilder();
        for (var i = 1; i <= rows; i++)
        {
            line.Clear();
            line.Append(i).Append(',');
            if (i % 10 == 0)
            {
                line.Append("\"Customer ").Append(i % 9973).Append(", Ltd\"");
            }
            else
            {
                line.Append("Customer ").Append(i % 9973);
            }

            line.Append(',').Append((i % 100_000 / 100.0m).ToString("0.00", CultureInfo.InvariantCulture))
                .Append(',').Append(day.AddDays(i % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(',').Append(i % 50);
            await writer.WriteLineAsync(line, cancellationToken);
        }
    }

}
