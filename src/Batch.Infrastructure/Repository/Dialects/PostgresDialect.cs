using System.Data.Common;
using Batch.Infrastructure.Repository.Sql;
using Npgsql;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>PostgreSQL through Npgsql.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>The advisory lock that serialises schema creation between processes starting at once.</summary>
    private const long SchemaLockKey = 0x42415443_48534348; // "BATCHSCH"

    /// <summary>The advisory lock that serialises creating the launch queue's table.</summary>
    private const long LaunchTicketsLockKey = 0x42415443_484C544B; // "BATCHLTK"

    /// <summary>The first key of the two-key advisory locks of launch groups (the second is the group name's hash): "BLG1".</summary>
    private const int LaunchGroupLockClass = 0x424C4731;

    public static readonly PostgresDialect Instance = new();

    public override string DisplayName => "PostgreSQL";

    public override string SchemaResourceName => "Batch.Schema.postgresql.create.sql";

    public override bool UseBatches => true;

    /// <inheritdoc />
    public override bool LaunchesNewInstanceInOneStatement => true;

    public override bool PreparesStatements => true;

    public override void TypeTimeParameter(DbParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz;
        }
        else
        {
            parameter.DbType = System.Data.DbType.DateTimeOffset;
        }
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override string SchemaFile => "schema/postgresql/create.sql";

    protected override string UseMethod => "UsePostgres";

    // The tables of the connection's search path (where unqualified names, as in every statement of the repository, resolve).
    protected override string ListTablesSql =>
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false))";

    public override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand(transaction, "SELECT pg_advisory_xact_lock(@key)").With("key", SchemaLockKey))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Another process may have created the schema while this one waited for the lock: then the script is not run again.
        // (Its CREATE INDEX IF NOT EXISTS still locks each table, and would wait behind, or deadlock with, launches that run.)
        if ((await FindMissingTablesAsync(connection, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using (var command = connection.CreateCommand(transaction, ReadCreateScript()))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override string LaunchTicketsFile => "schema/postgresql/launch-tickets.sql";

    public override async Task CreateLaunchTicketsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand(transaction, "SELECT pg_advisory_xact_lock(@key)").With("key", LaunchTicketsLockKey))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!await HasLaunchTicketsAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(transaction, ReadScript("Batch.Schema.postgresql.launch-tickets.sql"));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A transaction-level advisory lock on the group (two keys: a class of Batch's own, the group name's stable hash); a hash collision only serialises two groups.</summary>
    public override async Task LockLaunchGroupAsync(DbConnection connection, DbTransaction transaction, string groupName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(groupName);
        await using var command = connection.CreateCommand(transaction, "SELECT pg_advisory_xact_lock(@class, @key)")
            .With("class", LaunchGroupLockClass).With("key", StableHash(groupName));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>FNV-1a over the name's UTF-8 bytes: the same in every process and version (string.GetHashCode is randomised per process).</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return unchecked((int)hash);
    }
}
