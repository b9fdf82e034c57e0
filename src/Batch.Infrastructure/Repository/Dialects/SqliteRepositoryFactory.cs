using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>Builds the SQLite repository: its connection source and the EF Core options of its reads.</summary>
internal static class SqliteRepositoryFactory
{
    public static RelationalJobRepository Create(
        string connectionStringOrPath, SqliteJobRepositoryOptions options, TimeProvider? timeProvider, Func<DbDataSource, DbDataSource>? wrap)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionStringOrPath);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var connectionString = ToConnectionString(connectionStringOrPath, options.BusyTimeout);
        DbDataSource dataSource = new SqliteDataSource(connectionString, options.BusyTimeout);
        if (wrap is not null)
        {
            dataSource = wrap(dataSource);
        }

        return new RelationalJobRepository(SqliteDialect.Instance, dataSource, options.CreateSchema, timeProvider);
    }

    private static string ToConnectionString(string connectionStringOrPath, TimeSpan busyTimeout)
    {
        var builder = connectionStringOrPath.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(connectionStringOrPath)
            : new SqliteConnectionStringBuilder { DataSource = connectionStringOrPath };
        if (builder.Mode == SqliteOpenMode.Memory || string.Equals(builder.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException(
                $"The SQLite job repository needs a database file, but '{connectionStringOrPath}' names an in-memory database, which every connection " +
                "sees empty. Give a file path such as 'batch.db', or use the in-memory job repository.", nameof(connectionStringOrPath));
        }

        builder.Pooling = true;
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));
        return builder.ToString();
    }
}
