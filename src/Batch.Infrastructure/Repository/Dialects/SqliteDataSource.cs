using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>
/// Opens pooled connections to a SQLite file, each set up for several processes sharing it: a busy
/// timeout (a writer waits for the lock instead of failing), foreign keys on, and synchronous=NORMAL
/// (in WAL mode a commit survives a killed process; only a power cut may lose the last commits).
/// The settings belong to the native connection, which the pool reuses, so they are sent once per native
/// connection rather than at every open (a chunk opens a pooled connection: this keeps three statements
/// off every checkpoint).
/// </summary>
internal sealed class SqliteDataSource : DbDataSource
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = new();
    private static readonly object SetUp = new();
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
            if (NeedsSetUp(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                command.ExecuteNonQuery();
                MarkSetUp(connection);
            }

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
            if (NeedsSetUp(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                MarkSetUp(connection);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when the native connection under this (pooled) connection has not been set up yet.</summary>
    private static bool NeedsSetUp(SqliteConnection connection) =>
        connection.Handle is not { } handle || !Configured.TryGetValue(handle, out _);

    private static void MarkSetUp(SqliteConnection connection)
    {
        if (connection.Handle is { } handle)
        {
            Configured.AddOrUpdate(handle, SetUp);
        }
    }
}
