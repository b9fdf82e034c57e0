using System.Diagnostics;
using System.Text.Json;
using DuckDB.NET.Data;
using Npgsql;
using Samples.Collector.Configuration;
using Samples.Collector.Rules;

namespace Batch.Samples.Collector.Tests;

/// <summary>
/// A night of the collector on real PostgreSQL databases: a rule database (registry, T_BATCH_* tables and the job repository), two
/// source databases and a target database, and datalake.json naming them. C1 has two healthy tables; C2 one table whose structure
/// changed (its registered column <c>payload</c> was renamed <c>body</c> in the source).
/// </summary>
public abstract class CollectorNightFixture : CollectorFolderFixture
{
    protected const string BaseTime = "20261201000000";
    protected const int Orders = 2500;
    protected const int Items = 700;
    protected const int Events = 400;

    protected string Rules { get; private set; } = null!;
    protected string Source1 { get; private set; } = null!;
    protected string Source2 { get; private set; } = null!;
    protected string Target { get; private set; } = null!;

    [SetUp]
    public async Task CreateNight()
    {
        var cluster = CollectorCluster.Instance;
        Rules = await cluster.CreateDatabaseAsync("rules");
        Source1 = await cluster.CreateDatabaseAsync("src1");
        Source2 = await cluster.CreateDatabaseAsync("src2");
        Target = await cluster.CreateDatabaseAsync("dw");
        await using (var rules = RuleDatabase.Open(new DatabaseEndpoint { ConnectionString = Rules }, new global::Samples.Collector.CollectorFolder(BaseDirectory)))
        {
            await RuleSchema.ApplyAsync(rules, CancellationToken.None);
        }

        await ExecuteAsync(Source1,
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount numeric(12,2), created timestamp, paid boolean);" +
            $"INSERT INTO orders SELECT g, 'customer ' || (g % 97), (g * 7 % 100000) / 100.0, timestamp '2026-11-30 00:00' + g * interval '1 second' + interval '0.123456 second', g % 3 = 0 FROM generate_series(1, {Orders}) g;" +
            "UPDATE orders SET amount = NULL, created = NULL WHERE id % 50 = 0;" +
            "CREATE TABLE items (id integer PRIMARY KEY, name varchar(40), qty smallint, price double precision, sku uuid, picture bytea);" +
            $"INSERT INTO items SELECT g, 'item ' || g, (g % 30)::smallint, g * 1.25, md5(g::text)::uuid, decode(md5(g::text), 'hex') FROM generate_series(1, {Items}) g;");
        await ExecuteAsync(Source2,
            "CREATE TABLE events (id bigint PRIMARY KEY, kind text, body text, happened date);" +
            $"INSERT INTO events SELECT g, 'kind' || (g % 5), repeat('x', g % 20), date '2026-01-01' + g FROM generate_series(1, {Events}) g;");
        await ExecuteAsync(Rules,
            "INSERT INTO T_COLLECT_CONN_0001 VALUES ('C1', '01', 'Shop', @src1, 'Y'), ('C2', '01', 'Events', @src2, 'Y'), ('C9', '02', 'An API', 'http://127.0.0.1:1/', 'Y');" +
            "INSERT INTO T_COLLECT_TABLE_0001 VALUES ('C1', 'orders', 'id, customer, amount, created, paid', 'id', 'shop_orders', 'Y')," +
            " ('C1', 'items', 'id,name,qty,price,sku,picture', 'id', 'shop_items', 'Y'), ('C2', 'events', 'id,kind,payload,happened', 'id', 'ev_events', 'Y');",
            ("src1", Source1), ("src2", Source2));
        WriteDatalake(Target);
    }

    protected void WriteDatalake(string target, int threads = 2, int chunkSize = 300, string? proxy = null) =>
        WriteFile("cfg/datalake.json", JsonSerializer.Serialize(new
        {
            repository = new { provider = "postgres", connectionString = Rules },
            namenode = "lake",
            hive = target,
            proxy,
            threads,
            chunkSize,
        }));

    /// <summary>Checks that a refused command left no trace: no log, status or job instance, no target table, nothing in the lake or tmp/.</summary>
    protected async Task NothingWasWrittenAsync()
    {
        (await CountAsync(Rules, "SELECT COUNT(*) FROM T_BATCH_LOG_0001")).Should().Be(0);
        (await CountAsync(Rules, "SELECT COUNT(*) FROM T_BATCH_LOG_0002")).Should().Be(0);
        (await CountAsync(Rules, "SELECT COUNT(*) FROM T_BATCH_STATUS_0001")).Should().Be(0);
        (await CountAsync(Rules, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name ILIKE 'batch_job_instance'")).Should().Be(0, "no job instance may exist");
        (await CountAsync(Target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")).Should().Be(0);
        Directory.EnumerateFileSystemEntries(Path.Combine(BaseDirectory, "lake")).Should().BeEmpty();
        Directory.Exists(Path.Combine(BaseDirectory, "tmp")).Should().BeFalse();
    }

    /// <summary>Writes cfg/healthcheck.json naming the night's servers (and no proxy), for the example script's healthcheck.</summary>
    protected void WriteHealthCheck() =>
        WriteFile("cfg/healthcheck.json", JsonSerializer.Serialize(new
        {
            connectTimeoutSeconds = 5,
            threads = 2,
            repository = new[] { new { provider = "postgres", connectionString = Rules } },
            namenode = new[] { "lake" },
            hive = new[] { Target },
        }));

    /// <summary>Runs the example night (scripts/collect-night.sh) for a code and its connections, without its waits.</summary>
    protected async Task<(int Exit, string Output)> RunScriptAsync(string connections = "C1 C2", string code = "01", IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scripts", "collect-night.sh"));
        start.ArgumentList.Add(BaseTime);
        start.Environment["DATALAKE_COLLECTOR"] = BaseDirectory;
        start.Environment["COLLECTOR"] = "dotnet " + Path.Combine(AppContext.BaseDirectory, "Batch.Samples.Collector.dll");
        start.Environment["CONNECTIONS"] = connections;
        start.Environment["CODE"] = code;
        start.Environment["RETRY_WAIT_SECONDS"] = "0";
        start.Environment["RETRY_AT"] = "0000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        var text = await output + await error;
        TestContext.Out.WriteLine(text);
        return (process.ExitCode, text);
    }

    protected static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    protected static async Task<List<object?[]>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add([.. row.Select(v => v is DBNull ? null : v)]);
        }

        return rows;
    }

    protected static async Task<long> CountAsync(string connectionString, string sql) => Convert.ToInt64((await QueryAsync(connectionString, sql))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Rows of the lake as DuckDB reads it with Hive partitioning.</summary>
    protected async Task<List<object?[]>> LakeAsync(string select)
    {
        await using var duck = new DuckDBConnection("Data Source=:memory:");
        await duck.OpenAsync();
        await using var command = duck.CreateCommand();
        var glob = Path.Combine(BaseDirectory, "lake", "**", "*.parquet").Replace("'", "''", StringComparison.Ordinal);
        command.CommandText = select.Replace("LAKE", $"read_parquet('{glob}', hive_partitioning = true, union_by_name = true)", StringComparison.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
