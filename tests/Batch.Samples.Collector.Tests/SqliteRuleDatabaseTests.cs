using System.Text.Json;
using Microsoft.Data.Sqlite;
using Samples.Collector;
using Samples.Collector.Configuration;
using Samples.Collector.Rules;

namespace Batch.Samples.Collector.Tests;

/// <summary>The rule database (and with it the job repository) on SQLite, a file under the base directory: the same commands, the same tables.</summary>
public sealed class SqliteRuleDatabaseTests : CollectorNightFixture
{
    [Test]
    public async Task A_night_on_a_sqlite_rule_database_collects_retries_and_gathers_the_same_results()
    {
        var endpoint = new DatabaseEndpoint { Provider = "sqlite", ConnectionString = "Data Source=rules.db" };
        await using (var rules = RuleDatabase.Open(endpoint, new CollectorFolder(BaseDirectory)))
        {
            await RuleSchema.ApplyAsync(rules, CancellationToken.None);
            await RuleSchema.ApplyAsync(rules, CancellationToken.None); // idempotent
        }

        await using (var sqlite = new SqliteConnection($"Data Source={Path.Combine(BaseDirectory, "rules.db")}"))
        {
            await sqlite.OpenAsync();
            await using var insert = sqlite.CreateCommand();
            insert.CommandText =
                "INSERT INTO T_COLLECT_CONN_0001 VALUES ('C1', '01', 'Shop', $src1, 'Y'), ('C2', '01', 'Events', $src2, 'Y');" +
                "INSERT INTO T_COLLECT_TABLE_0001 VALUES ('C1', 'orders', 'id,customer,amount,created,paid', 'id', 'shop_orders', 'Y'), ('C2', 'events', 'id,kind,payload,happened', 'id', 'ev_events', 'Y');";
            insert.Parameters.AddWithValue("$src1", Source1);
            insert.Parameters.AddWithValue("$src2", Source2);
            await insert.ExecuteNonQueryAsync();
        }

        WriteFile("cfg/datalake.json", JsonSerializer.Serialize(new
        {
            repository = new { provider = "sqlite", connectionString = "Data Source=rules.db" },
            namenode = "lake",
            hive = Target,
            threads = 2,
            chunkSize = 500,
        }));

        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(1, Err + Out);
        (await Run("batchcheck", BaseTime, "C1")).Should().Be(0, Out);
        (await Run("batchcheck", BaseTime, "C2")).Should().Be(1, Out);
        await ExecuteAsync(Source2, "ALTER TABLE events RENAME COLUMN body TO payload");
        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(0, Err + Out);
        (await Run("batchresult", BaseTime, "01")).Should().Be(0, Err);
        Out.Should().Contain($"C1: SUCCESS (1/1 tables, {Orders} rows)").And.Contain($"C2: SUCCESS (1/1 tables, {Events} rows)");

        await using var check = new SqliteConnection($"Data Source={Path.Combine(BaseDirectory, "rules.db")}");
        await check.OpenAsync();
        await using var attempts = check.CreateCommand();
        attempts.CommandText = "SELECT group_concat(CONNECTION_NO || '/' || ATTEMPT_NO || ' ' || STATUS, ', ') FROM (SELECT * FROM T_BATCH_LOG_0002 ORDER BY CONNECTION_NO, ATTEMPT_NO)";
        (await attempts.ExecuteScalarAsync()).Should().Be("C1/1 SUCCESS, C2/1 FAILED, C2/2 SUCCESS");
        (await CountAsync(Target, "SELECT COUNT(*) FROM shop_orders")).Should().Be(Orders);
    }
}
