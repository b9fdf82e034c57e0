using System.Data.Common;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>Tables of orders in a test database, the readers and writers of the tests over them, and how to read them back.</summary>
internal static class OrderTable
{
    public static readonly string[] Columns = ["id", "name", "amount"];

    public static async Task CreateAsync(Provider provider, string table)
    {
        await ExecuteAsync(provider, $"CREATE TABLE {table} (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL, amount BIGINT NOT NULL)");
    }

    public static async Task InsertAsync(Provider provider, string table, IEnumerable<Order> orders)
    {
        await using var connection = await provider.OpenAsync();
        foreach (var order in orders)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {table} (id, name, amount) VALUES (@id, @name, @amount)";
            Add(insert, "@id", order.Id);
            Add(insert, "@name", order.Name);
            Add(insert, "@amount", order.Amount);
            await insert.ExecuteNonQueryAsync();
        }
    }

    public static async Task ExecuteAsync(Provider provider, string sql)
    {
        await using var connection = await provider.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<(long Id, string Name, long Amount)>> ReadAsync(Provider provider, string table)
    {
        await using var connection = await provider.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, name, amount FROM {table} ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }

    public static async Task<bool> ExistsAsync(Provider provider, string table)
    {
        await using var connection = await provider.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = provider.IsPostgres
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = @t"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @t";
        Add(command, "@t", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public static DbDataSource DataSource(Provider provider) => provider.IsPostgres
        ? NpgsqlDataSource.Create(provider.ConnectionString)
        : SqliteFactory.Instance.CreateDataSource("Data Source=" + provider.ConnectionString);

    public static Order Map(DbDataReader row) => new() { Id = row.GetInt64(0), Name = row.GetString(1), Amount = row.GetInt64(2) };

    public static KeysetItemReader<Order> KeysetReader(DbDataSource dataSource, string table, int pageSize, string? sql = null, QueryParameters? parameters = null) =>
        new(dataSource, new KeysetReaderOptions<Order>
        {
            Sql = sql ?? $"SELECT id, name, amount FROM {table}",
            KeyColumns = ["id"],
            PageSize = pageSize,
            Parameters = parameters ?? QueryParameters.Empty,
            Mapper = Map,
            Name = "orders.reader",
        });

    public static DbContextOptions ContextOptions(Provider provider, bool withConnection)
    {
        var builder = new DbContextOptionsBuilder<OrderContext>();
        if (provider.IsPostgres)
        {
            _ = withConnection ? builder.UseNpgsql(provider.ConnectionString) : builder.UseNpgsql();
        }
        else
        {
            _ = withConnection ? builder.UseSqlite("Data Source=" + provider.ConnectionString) : builder.UseSqlite();
        }

        builder.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, TableModelCacheKeyFactory>();
        return builder.Options;
    }

    public static DbBatchItemWriter<Order> BatchWriter(string table, DuplicateKeyMode mode = DuplicateKeyMode.Fail, Microsoft.Extensions.Logging.ILoggerFactory? logs = null, Microsoft.Extensions.Logging.LogLevel duplicatesLevel = Microsoft.Extensions.Logging.LogLevel.Warning) =>
        new(new DbBatchWriterOptions<Order>
        {
            Table = table,
            Columns = Columns,
            KeyColumns = ["id"],
            OnDuplicateKey = mode,
            IgnoredDuplicatesLogLevel = duplicatesLevel,
            Binder = static (o, p) =>
            {
                p[0].Value = o.Id;
                p[1].Value = o.Name;
                p[2].Value = o.Amount;
            },
            Name = "orders.writer",
        }, logs);

    public static PostgresCopyItemWriter<Order> CopyWriter(string table, DuplicateKeyMode mode = DuplicateKeyMode.Fail, Microsoft.Extensions.Logging.ILoggerFactory? logs = null, Microsoft.Extensions.Logging.LogLevel duplicatesLevel = Microsoft.Extensions.Logging.LogLevel.Warning) =>
        new(new PostgresCopyWriterOptions<Order>
        {
            Table = table,
            Columns = Columns,
            KeyColumns = ["id"],
            OnDuplicateKey = mode,
            IgnoredDuplicatesLogLevel = duplicatesLevel,
            WriteRow = static async (o, row, ct) =>
            {
                await row.WriteAsync(o.Id, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(o.Name, NpgsqlDbType.Varchar, ct);
                await row.WriteAsync(o.Amount, NpgsqlDbType.Bigint, ct);
            },
            Name = "orders.writer",
        }, logs);

    public static EntityFrameworkItemWriter<Order> EntityFrameworkWriter(Provider provider, string table) =>
        new(() => new OrderContext(ContextOptions(provider, withConnection: false), table));

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
