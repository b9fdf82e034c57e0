using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload — the data-lake collector sample (seed 000, issue 16) as an operator runs it: <c>batchrun BASETIME 01 C1</c> in its own
/// process (start-up, host, launch, keyset read from the source, COPY into the target database, Parquet into the lake, the
/// verification of both against the source — counts and checksums of all three — and the T_BATCH_* rows), each run on a fresh rule
/// database, target database and base directory. (a) One 1M-row table, <c>threads</c> 1, against <c>psql \copy (SELECT …) TO</c> of
/// the same table to a CSV file on the same machine (the floor of reading the table out once). (b) 20 tables of 50k rows with
/// <c>threads</c> 1, 2 and 4, rows per second and the ratio to threads 1. Runs alternate (psql and the collector; the three thread
/// counts), after one untimed run of each; medians.
/// </summary>
internal sealed class CollectorWorkload(Databases databases) : IWorkload
{
    private const string Columns = "id, customer, amount, created, qty";
    private const int ChunkSize = 10_000;
    private static readonly int[] ThreadCounts = [1, 2, 4];

    public string Name => "collector";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var runs = Math.Max(1, Math.Min(settings.Repetitions, 3));
        var results = new List<WorkloadResult>();
        var source = await databases.NewPostgresAsync("coll_source");
        try
        {
            results.Add(await OneBigTableAsync(settings, source, runs, cancellationToken));
            results.AddRange(await ManyTablesAsync(settings, source, runs, cancellationToken));
        }
        finally
        {
            await databases.DropPostgresAsync(source);
        }

        return results;
    }

    private async Task<WorkloadResult> OneBigTableAsync(BenchmarkSettings settings, string source, int runs, CancellationToken cancellationToken)
    {
        var rows = settings.Scaled(1_000_000, 2_000);
        await CreateTableAsync(source, "big", rows, cancellationToken);
        var collector = new List<CollectorRun>();
        var psql = new List<double>();
        for (var r = 0; r <= runs; r++)
        {
            var psqlSeconds = await PsqlCopyAsync(source, "big", Path.Combine(settings.WorkDirectory, "collector-psql.csv"), rows, cancellationToken);
            var run = await CollectAsync(settings, source, ["big"], rows, threads: 1, cancellationToken);
            if (r > 0)
            {
                psql.Add(psqlSeconds);
                collector.Add(run);
            }
        }

        var seconds = Measure.Median(collector.Select(c => c.ProcessSeconds));
        var psqlMedian = Measure.Median(psql);
        return WorkloadResult.Info(
            string.Create(CultureInfo.InvariantCulture,
                $"collector: batchrun of one {rows:N0}-row PostgreSQL table into Parquet and the target database (verified), threads 1, vs psql \\copy (SELECT …) TO of the table"),
            "rows/s", rows / seconds, rows / psqlMedian, "reported (higher is better; psql only reads the table out once)", null,
            string.Create(CultureInfo.InvariantCulture,
                $"median of {runs}, each on fresh rule and target databases: {CollectorRun.Describe(collector)} vs psql {psqlMedian:0.00} s (its own process too); chunk {ChunkSize:N0}"));
    }

    private async Task<IReadOnlyList<WorkloadResult>> ManyTablesAsync(BenchmarkSettings settings, string source, int runs, CancellationToken cancellationToken)
    {
        var perTable = settings.Scaled(50_000, 100);
        var tables = Enumerable.Range(1, 20).Select(i => string.Create(CultureInfo.InvariantCulture, $"t{i:00}")).ToArray();
        foreach (var table in tables)
        {
            await CreateTableAsync(source, table, perTable, cancellationToken);
        }

        var times = ThreadCounts.ToDictionary(t => t, _ => new List<CollectorRun>());
        for (var r = 0; r <= runs; r++)
        {
            foreach (var threads in ThreadCounts)
            {
                var run = await CollectAsync(settings, source, tables, perTable, threads, cancellationToken);
                if (r > 0)
                {
                    times[threads].Add(run);
                }
            }
        }

        var total = (long)perTable * tables.Length;
        var single = total / Measure.Median(times[1].Select(c => c.ProcessSeconds));
        return [.. ThreadCounts.Select(threads =>
        {
            var perSecond = total / Measure.Median(times[threads].Select(c => c.ProcessSeconds));
            return WorkloadResult.Info(
                string.Create(CultureInfo.InvariantCulture,
                    $"collector: batchrun of 20 tables × {perTable:N0} rows, threads {threads}, vs threads 1"),
                "rows/s", perSecond, single, "reported (higher is better; on 2 cores)", null,
                string.Create(CultureInfo.InvariantCulture, $"median of {runs}: {CollectorRun.Describe(times[threads])}; {total:N0} rows, chunk {ChunkSize:N0}"));
        })];
    }

    /// <summary>One batchrun on a fresh night; checks every row reached the target and the lake has files.</summary>
    private async Task<CollectorRun> CollectAsync(
        BenchmarkSettings settings, string source, string[] tables, int rowsPerTable, int threads, CancellationToken cancellationToken)
    {
        await using var night = await CollectorNight.CreateAsync(databases, settings.WorkDirectory, source, tables, Columns, threads, ChunkSize);
        var run = await night.BatchRunAsync(cancellationToken);
        foreach (var table in tables)
        {
            var rows = await night.TargetRowsAsync(table, cancellationToken);
            if (rows != rowsPerTable)
            {
                throw new InvalidOperationException($"The collector left {rows} rows of {table} in the target; the source has {rowsPerTable}.");
            }
        }

        if (night.LakeFiles() < tables.Length)
        {
            throw new InvalidOperationException($"The collector wrote {night.LakeFiles()} Parquet files for {tables.Length} tables.");
        }

        return run;
    }

    private static async Task CreateTableAsync(string source, string table, int rows, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(source);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand(
            $"CREATE TABLE {table} (id bigint PRIMARY KEY, customer text NOT NULL, amount numeric(12,2), created timestamp, qty integer NOT NULL)", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {table} SELECT g, 'customer ' || (g % 997), (g * 7 % 100000) / 100.0, timestamp '2026-11-30 00:00' + g * interval '1 second', g % 50 FROM generate_series(1, @rows) g", connection);
        insert.Parameters.AddWithValue("rows", rows);
        insert.CommandTimeout = 600;
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<double> PsqlCopyAsync(string source, string table, string output, int rows, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await ExternalTool.RunAsync("psql",
            [.. ExternalTool.PsqlArguments(source), "-c", $"\\copy (SELECT {Columns} FROM {table} ORDER BY id) TO '{output}' WITH (FORMAT csv)"], cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var lines = 0L;
        await foreach (var _ in File.ReadLinesAsync(output, cancellationToken))
        {
            lines++;
        }

        return lines == rows ? seconds : throw new InvalidOperationException($"psql \\copy wrote {lines} lines, not {rows}.");
    }
}
