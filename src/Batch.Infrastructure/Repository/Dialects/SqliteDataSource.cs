using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>
/// Opens pooled connections to a SQLite file, each set up for several processes sharing it: a busy
/// timeout (a writer waits for the lock instead of failing), foreign keys on, and synchronous=NORMAL
/// (in WAL mode a commit survives a killed process; only a power cut may lose the last commits).
/// </summary>
internal sealed class SqliteDataSource : DbDataSource
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteDataSource(string connectionString, TimeSpan busyTimeout)
    {
        _connectionString = connectionString;
        _pragmas = Pragmas(busyTimeout);
    }

    public override string ConnectionString => _connectionString;

    /// <summary>The statement that sets a connection up.</summary>
    public static string Pragmas(TimeSpan busyTimeout) => string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");

    protected override DbConnection CreateDbConnection() => new SqliteConnection(_connectionString);

    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
