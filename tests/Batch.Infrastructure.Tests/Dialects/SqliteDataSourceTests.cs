using Batch.Infrastructure.Repository.Dialects;
using Microsoft.Data.Sqlite;

namespace Batch.Infrastructure.Tests.Dialects;

public class SqliteDataSourceTests
{
    [Test]
    public async Task A_pooled_connection_keeps_its_settings_when_it_is_opened_again()
    {
        var directory = Directory.CreateTempSubdirectory("sqlite-source-");
        try
        {
            await using var source = new SqliteDataSource($"Data Source={Path.Combine(directory.FullName, "a.db")}", TimeSpan.FromSeconds(7));
            await using (var first = await source.OpenConnectionAsync())
            {
                (await PragmaAsync(first, "synchronous")).Should().Be(1, "NORMAL");
            }

            for (var i = 0; i < 3; i++)
            {
                await using var again = await source.OpenConnectionAsync();
                (await PragmaAsync(again, "synchronous")).Should().Be(1, "NORMAL, also on a reused pooled connection");
                (await PragmaAsync(again, "busy_timeout")).Should().Be(7000);
                (await PragmaAsync(again, "foreign_keys")).Should().Be(1);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static async Task<long> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
