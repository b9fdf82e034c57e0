using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace Batch.Samples.Collector.Tests;

/// <summary>
/// datalake.json <c>"remoteWorkers": true</c>: a <c>batchrun</c> hands its tables to <c>worker</c> processes through the PostgreSQL rule
/// database. Two workers collect every table exactly once, and the table of a worker killed in the middle of it is taken over by the
/// other, from its last committed chunk. On a SQLite rule database both commands refuse with the reason.
/// </summary>
public sealed class RemoteWorkerTests : CollectorNightFixture
{
    private const int BigRows = 6000;
    private const int Chunk = 500;

    /// <summary>The chunks of <c>big</c> the worker commits before it stops, mid-table, at the gate.</summary>
    private const int Committed = 2 * Chunk;

    /// <summary>
    /// The source reads of <c>big</c> past this id wait for an advisory lock the test holds: half a page past the committed chunks, so the
    /// reader's page (which may look one row ahead) holds every row of the second chunk, and the third chunk cannot complete.
    /// </summary>
    private const int GateAfter = Committed + (Chunk / 2);

    private const long GateLock = 4_216_016;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);

    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings() =>
    [
        new("Collector:RemoteWorkers:ManagerPollInterval", "00:00:00.200"),
        new("Collector:RemoteWorkers:ProgressInterval", "00:00:02"),
    ];

    [Test]
    public async Task Two_workers_collect_every_table_once_and_a_killed_workers_table_is_taken_over_from_its_last_chunk()
    {
        // C1 gets a third table, a view whose reads past GateAfter wait for the test's lock.
        await ExecuteAsync(Source1,
            $"CREATE TABLE big_data (id bigint PRIMARY KEY, label text NOT NULL); INSERT INTO big_data SELECT g, 'row ' || g FROM generate_series(1, {BigRows}) g;" +
            $"CREATE FUNCTION gate(id bigint) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$ BEGIN IF id > {GateAfter} THEN PERFORM pg_advisory_xact_lock_shared({GateLock}); END IF; RETURN true; END $$;" +
            "CREATE VIEW big AS SELECT id, label FROM big_data WHERE gate(id); ANALYZE big_data;");
        // The pages are read by the key's index, so the gate sees only the rows of the page (never all rows, as a sorted scan would).
        var source = new NpgsqlConnectionStringBuilder(Source1).Database;
        await ExecuteAsync(Source1,
            $"ALTER DATABASE \"{source}\" SET enable_seqscan = off; ALTER DATABASE \"{source}\" SET enable_bitmapscan = off; ALTER DATABASE \"{source}\" SET enable_sort = off;");
        await ExecuteAsync(Rules,
            "INSERT INTO T_COLLECT_TABLE_0001 (CONNECTION_NO, TABLE_NAME, COLUMN_LIST, KEY_COLUMNS, TARGET_TABLE, USE_YN) VALUES ('C1', 'big', 'id,label', 'id', 'shop_big', 'Y')");
        WriteRemoteDatalake(new { provider = "postgres", connectionString = Rules });

        await using var gate = new NpgsqlConnection(Source1);
        await gate.OpenAsync();
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({GateLock})", gate))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var environment = new Dictionary<string, string>
        {
            ["Collector__RemoteWorkers__LeaseDuration"] = "00:00:08",
            ["Collector__RemoteWorkers__PollInterval"] = "00:00:00.300",
        };
        using var first = CollectorWorkerProcess.Start(BaseDirectory, environment);
        using var second = CollectorWorkerProcess.Start(BaseDirectory, environment);
        var workers = new[] { first, second };
        var ids = await Task.WhenAll(workers.Select(w => w.Id)).WaitAsync(Limit);

        var batchrun = Run("batchrun", BaseTime, "01", "C1");

        // The worker that has big has committed its first two chunks and waits at the gate: kill it there.
        await WaitForAsync(async () => await CountAsync(Rules, "SELECT COUNT(*) FROM pg_class WHERE relname IN ('batch_step_execution', 'batch_partition')") == 2
            && await CountAsync(Rules, $"SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'copy:C1/big' AND WRITE_COUNT >= {Committed}") > 0, batchrun);
        var owner = (string)(await QueryAsync(Rules, "SELECT OWNER FROM BATCH_PARTITION WHERE STEP_EXECUTION_NAME = 'copy:C1/big'"))[0][0]!;
        var killed = workers[Array.IndexOf(ids, owner)];
        var survivor = workers.Single(w => w != killed);
        await killed.KillAsync();
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({GateLock})", gate))
        {
            await release.ExecuteNonQueryAsync();
        }

        (await batchrun.WaitAsync(Limit)).Should().Be(0, Err + Out + survivor.Output);

        // Every table once in the target, with the source's rows.
        (await QueryAsync(Target, "SELECT COUNT(*), COUNT(DISTINCT id) FROM shop_big"))[0].Should().Equal((long)BigRows, (long)BigRows);
        (await QueryAsync(Target, "SELECT COUNT(*), COUNT(DISTINCT id) FROM shop_orders"))[0].Should().Equal((long)Orders, (long)Orders);
        (await QueryAsync(Target, "SELECT COUNT(*), COUNT(DISTINCT id) FROM shop_items"))[0].Should().Equal((long)Items, (long)Items);
        (await LakeAsync("SELECT \"table\", count(*), count(DISTINCT id) FROM LAKE GROUP BY 1 ORDER BY 1"))
            .Select(r => $"{r[0]} {r[1]} {r[2]}").Should().Equal($"shop_big {BigRows} {BigRows}", $"shop_items {Items} {Items}", $"shop_orders {Orders} {Orders}");
        (await QueryAsync(Rules, "SELECT TABLE_NAME, STATUS FROM T_BATCH_STATUS_0001 ORDER BY 1")).Select(r => $"{r[0]} {r[1]}")
            .Should().Equal("big SUCCESS", "items SUCCESS", "orders SUCCESS");

        // The killed worker's table: its step execution failed with the takeover named, the next one resumed after the committed chunks.
        var attempts = await QueryAsync(Rules,
            "SELECT STATUS, WRITE_COUNT, EXIT_MESSAGE FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'copy:C1/big' ORDER BY STEP_EXECUTION_ID");
        attempts.Should().HaveCountGreaterThanOrEqualTo(2);
        attempts[0][0].Should().Be("FAILED");
        attempts[0][1].Should().Be((long)Committed, "the killed worker had committed two chunks");
        ((string)attempts[0][2]!).Should().Contain($"Worker {owner} lost its lease").And.Contain($"worker {await survivor.Id} took the partition over");
        attempts[^1][0].Should().Be("COMPLETED");
        (await QueryAsync(Rules, "SELECT ATTEMPT_NO, STATUS FROM T_BATCH_LOG_0002 WHERE TABLE_NAME = 'big' ORDER BY ATTEMPT_NO"))
            .Select(r => (string)r[1]!).Should().StartWith("FAILED").And.EndWith("SUCCESS");
        (await CountAsync(Rules, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).Should().Be(1, "the workers ran the partitions of the one batchrun");
    }

    [Test]
    public async Task Remote_workers_on_a_sqlite_rule_database_are_refused_by_batchrun_and_worker_with_the_reason()
    {
        WriteRemoteDatalake(new { provider = "sqlite", connectionString = "Data Source=rules.db" });

        (await Run("batchrun", BaseTime, "01", "C1")).Should().Be(2);
        Err.Should().Contain("\"remoteWorkers\": true").And.Contain("SQLite").And.Contain("PostgreSQL rule database");

        (await Run("worker")).Should().NotBe(0);
        Err.Should().Contain("\"remoteWorkers\": true").And.Contain("SQLite");
    }

    private void WriteRemoteDatalake(object repository) =>
        WriteFile("cfg/datalake.json", JsonSerializer.Serialize(new { repository, namenode = "lake", hive = Target, threads = 1, chunkSize = Chunk, remoteWorkers = true }));

    private static async Task WaitForAsync(Func<Task<bool>> condition, Task<int> batchrun)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (batchrun.IsCompleted)
            {
                Assert.Fail($"batchrun ended ({await batchrun}) before the condition held.");
            }

            if (deadline.Elapsed > Limit)
            {
                Assert.Fail($"The condition did not hold within {Limit.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }
}
