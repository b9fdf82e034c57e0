using System.Data.Common;
using Batch.Infrastructure.Repository.Sql;
using Microsoft.Data.Sqlite;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>SQLite through Microsoft.Data.Sqlite: a file shared by processes in WAL mode.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static readonly SqliteDialect Instance = new();

    public override string DisplayName => "SQLite";

    public override string SchemaResourceName => "Batch.Schema.sqlite.create.sql";

    public override bool UseBatches => false;

    /// <summary>
    /// SQLite runs an UPDATE … RETURNING to its end into a temporary table before it hands back a row, and Microsoft.Data.Sqlite
    /// then reads it through a data reader: on a chunk's checkpoint that cost about 4 µs of CPU more than the plain UPDATE
    /// (10,000 commits, median of 10 rounds), about an eighth of what the benchmark's whole chunk commit of ten lines costs.
    /// </summary>
    public override bool ReturnsRowsCheaply => false;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    public override string SchemaFile => "schema/sqlite/create.sql";

    /// <summary>
    /// A chunk's transaction takes SQLite's one write lock (BEGIN IMMEDIATE) only when its writer first uses it, or at its
    /// commit: never across the chunk's reading and processing or a writer that has not touched the database yet, so
    /// other processes (stop, recover, other jobs) get their turn between chunks.
    /// </summary>
    public override bool BeginsChunksLazily => true;

    protected override string UseMethod => "UseSqlite";

    protected override string ListTablesSql => "SELECT name FROM sqlite_master WHERE type = 'table'";

    /// <summary>A missing file means no repository yet; opening it would create it (Mode=ReadWriteCreate), so a read does not.</summary>
    public override bool IsCertainlyAbsent(DbDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var path = new SqliteConnectionStringBuilder(dataSource.ConnectionString).DataSource;
        return !path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !File.Exists(path);
    }

    /// <summary>The file that is not there, and where a relative path was looked for.</summary>
    public override string AbsentDatabaseNote(DbDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var path = new SqliteConnectionStringBuilder(dataSource.ConnectionString).DataSource;
        return $"the job repository's SQLite file '{Path.GetFullPath(path)}' does not exist yet" +
               (Path.IsPathRooted(path) ? string.Empty : $" (its path '{path}' is taken from the current folder, {Environment.CurrentDirectory})");
    }

    /// <summary>The file that is not there, where a relative path was looked for, and the three ways out.</summary>
    public override string AbsentDatabaseMessage(DbDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var path = new SqliteConnectionStringBuilder(dataSource.ConnectionString).DataSource;
        return $"The SQLite job repository's file '{Path.GetFullPath(path)}' does not exist, and creating the schema is off, so it was not created. " +
               $"Check the path (a relative one is taken from the current folder), create the file with the script {SchemaFile} " +
               $"(also embedded in Batch.Infrastructure), or set CreateSchema = true (for example {UseMethod}(…, o => o.CreateSchema = true), " +
               "or CreateSchema=true in the repository's configuration section).";
    }

    /// <summary>A file made from schema/sqlite/create.sql by hand is in rollback-journal mode; switch it to WAL (kept in the file) once.</summary>
    protected override async Task PrepareExistingAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var mode = connection.CreateCommand(null, "PRAGMA journal_mode");
        if (!string.Equals(await mode.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            await SetWalAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await SetWalAsync(connection, cancellationToken).ConfigureAwait(false);

        // An immediate transaction takes the write lock first, so processes starting at once create the schema one after the other.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand(transaction, ReadCreateScript()))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // WAL lets readers and one writer work at once, across processes; the setting is kept in the file.
    private static async Task SetWalAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var wal = connection.CreateCommand(null, "PRAGMA journal_mode = WAL");
        await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override string LaunchTicketsFile => "schema/sqlite/launch-tickets.sql";

    /// <summary>In an immediate transaction (the file's write lock), so processes starting at once create it one after the other.</summary>
    public override async Task CreateLaunchTicketsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand(transaction, ReadScript("Batch.Schema.sqlite.launch-tickets.sql")))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
