using System.Text.Json;
using Microsoft.Data.Sqlite;
using Samples.Collector;
using Samples.Collector.Configuration;
using Samples.Collector.Rules;

namespace Batch.Samples.Collector.Tests;

/// <summary>An API resource registered in a SQLite rule database (its T_COLLECT_API_0001 with the paging columns left to their defaults).</summary>
public sealed class SqliteApiRegistryTests : HttpNightFixture
{
    [Test]
    public async Task An_api_resource_registered_in_sqlite_is_collected_like_one_registered_in_postgres()
    {
        var endpoint = new DatabaseEndpoint { Provider = "sqlite", ConnectionString = "Data Source=rules.db" };
        await using (var rules = RuleDatabase.Open(endpoint, new CollectorFolder(BaseDirectory)))
        {
            await RuleSchema.ApplyAsync(rules, CancellationToken.None);
        }

        await using (var sqlite = new SqliteConnection($"Data Source={Path.Combine(BaseDirectory, "rules.db")}"))
        {
            await sqlite.OpenAsync();
            await using var insert = sqlite.CreateCommand();
            insert.CommandText =
                "INSERT INTO T_COLLECT_CONN_0001 VALUES ('C3', '02', 'Items API', $url, 'Y');" +
                $"INSERT INTO T_COLLECT_TABLE_0001 VALUES ('C3', 'v1/items', '{ApiColumns}', 'id', 'api_items', 'Y');" +
                "INSERT INTO T_COLLECT_API_0001 (CONNECTION_NO, TABLE_NAME, PAGING_TYPE, PAGE_SIZE, COLUMN_TYPES) " +
                "VALUES ('C3', 'v1/items', 'number', 250, 'bigint, text, numeric(10,2), timestamp, boolean, text, date');";
            insert.Parameters.AddWithValue("$url", Api.BaseAddress.AbsoluteUri.TrimEnd('/'));
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

        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(0, Err + Out);

        Api.Requests.Where(r => r.Status == 200).Select(r => r.Page).Should().Equal(1, 2, 3, 4, 5);
        (await CountAsync(Target, "SELECT COUNT(DISTINCT id) FROM api_items")).Should().Be(ApiItems);
        (await Run("batchcheck", BaseTime, "C3")).Should().Be(0, Out);
    }
}
