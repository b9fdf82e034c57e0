using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Samples.Collector;
using Samples.Collector.Configuration;
using Samples.Collector.Rules;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// One collector night for the collector workload: a fresh base directory (cfg/datalake.json, lake/), a fresh rule database with
/// the collector's DDL and a registry of one connection (C1) naming some tables of a source database, and a fresh, empty target
/// database. <see cref="BatchRunAsync"/> runs the collector's <c>batchrun</c> as an operator does — its own process
/// (<c>dotnet Batch.Samples.Collector.dll</c>), so start-up, host, launch, copy, verification and the status tables are all timed.
/// </summary>
internal sealed class CollectorNight : IAsyncDisposable
{
    public const string BaseTime = "20261201000000";

    private readonly Databases _databases;
    private readonly string _baseDirectory;
    private readonly string _rules;
    private readonly string _target;

    private CollectorNight(Databases databases, string baseDirectory, string rules, string target)
    {
        _databases = databases;
        _baseDirectory = baseDirectory;
        _rules = rules;
        _target = target;
    }

    /// <summary>The target database (the seed's Hive).</summary>
    public string Target => _target;

    public static async Task<CollectorNight> CreateAsync(
        Databases databases, string workDirectory, string source, IReadOnlyList<string> tables, string columns, int threads, int chunkSize)
    {
        var baseDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, "collector-" + Guid.NewGuid().ToString("N")[..10])).FullName;
        Directory.CreateDirectory(Path.Combine(baseDirectory, "cfg"));
        Directory.CreateDirectory(Path.Combine(baseDirectory, "lake"));
        var rules = await databases.NewPostgresAsync("coll_rules");
        var target = await databases.NewPostgresAsync("coll_dw");
        await using (var database = RuleDatabase.Open(new DatabaseEndpoint { ConnectionString = rules }, new CollectorFolder(baseDirectory)))
        {
            await RuleSchema.ApplyAsync(database, CancellationToken.None);
        }

        await using (var connection = new NpgsqlConnection(rules))
        {
            await connection.OpenAsync();
            await using (var conn = new NpgsqlCommand(
                "INSERT INTO T_COLLECT_CONN_0001 (CONNECTION_NO, METHOD_CODE, CONNECTION_NAME, CONNECTION_STRING, USE_YN) VALUES ('C1', '01', 'bench source', @source, 'Y')",
                connection))
            {
                conn.Parameters.AddWithValue("source", source);
                await conn.ExecuteNonQueryAsync();
            }

            foreach (var table in tables)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO T_COLLECT_TABLE_0001 (CONNECTION_NO, TABLE_NAME, COLUMN_LIST, KEY_COLUMNS, TARGET_TABLE, USE_YN) VALUES ('C1', @table, @columns, 'id', @target, 'Y')",
                    connection);
                insert.Parameters.AddWithValue("table", table);
                insert.Parameters.AddWithValue("columns", columns);
                insert.Parameters.AddWithValue("target", "dw_" + table);
                await insert.ExecuteNonQueryAsync();
            }
        }

        await File.WriteAllTextAsync(Path.Combine(baseDirectory, "cfg", "datalake.json"), JsonSerializer.Serialize(new
        {
            repository = new { provider = "postgres", connectionString = rules },
            namenode = "lake",
            hive = target,
            threads,
            chunkSize,
        }));
        return new CollectorNight(databases, baseDirectory, rules, target);
    }

    /// <summary>Runs <c>batchrun BASETIME 01 C1</c> in its own process; fails unless it exits 0. Returns the process's wall time.</summary>
    public async Task<CollectorRun> BatchRunAsync(CancellationToken cancellationToken)
    {
        var collector = CollectorAssembly();
        var clock = Stopwatch.StartNew();
        var output = await ExternalTool.RunAsync("dotnet", [collector, "batchrun", BaseTime, "01", "C1"],
            new Dictionary<string, string> { [CollectorFolder.EnvironmentVariable] = _baseDirectory }, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        await using var connection = new NpgsqlConnection(_rules);
        await connection.OpenAsync(cancellationToken);
        await using var job = new NpgsqlCommand(
            "SELECT EXTRACT(EPOCH FROM END_TIME - START_TIME)::float8, STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1", connection);
        await using var reader = await job.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.GetString(1) != "COMPLETED")
        {
            throw new InvalidOperationException($"The collector's batchrun did not complete: {output}");
        }

        return new CollectorRun(seconds, reader.GetDouble(0));
    }

    /// <summary>
    /// The collector in its own build output (src/Batch.Samples.Collector/bin/&lt;configuration&gt;/net10.0), as an operator runs it: the
    /// copy in this output folder would read the pass sample's appsettings.json beside it.
    /// </summary>
    private static string CollectorAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        for (var dir = output; dir?.Parent is not null; dir = dir.Parent)
        {
            if (dir.Name == "bin" && dir.Parent.Parent?.Parent is { } root)
            {
                var tail = Path.GetRelativePath(dir.FullName, output.FullName);
                var collector = Path.Combine(root.FullName, "src", "Batch.Samples.Collector", "bin", tail, "Batch.Samples.Collector.dll");
                if (File.Exists(collector))
                {
                    return collector;
                }
            }
        }

        throw new InvalidOperationException($"The collector's build output was not found from {output.FullName}: build src/Batch.Samples.Collector in the same configuration.");
    }

    /// <summary>The rows of a target table.</summary>
    public async Task<long> TargetRowsAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_target);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM dw_{table}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The Parquet files of the lake.</summary>
    public int LakeFiles() => Directory.EnumerateFiles(Path.Combine(_baseDirectory, "lake"), "*.parquet", SearchOption.AllDirectories).Count();

    public async ValueTask DisposeAsync()
    {
        await _databases.DropPostgresAsync(_target);
        await _databases.DropPostgresAsync(_rules);
        Directory.Delete(_baseDirectory, recursive: true);
    }
}

/// <summary>One batchrun: the process's wall time and the job execution's (start to end as the job repository recorded them).</summary>
internal readonly record struct CollectorRun(double ProcessSeconds, double JobSeconds)
{
    public static string Describe(IEnumerable<CollectorRun> runs)
    {
        var list = runs.ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"process {Measure.Median(list.Select(r => r.ProcessSeconds)):0.00} s, of which the job {Measure.Median(list.Select(r => r.JobSeconds)):0.00} s");
    }
}
