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

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    public override async Task InitializeAsync(DbConnection connection, bool createSchema, CancellationToken cancellationToken)
    {
        // WAL lets readers and one writer work at once, across processes; the setting is kept in the file.
        await using (var wal = connection.CreateCommand(null, "PRAGMA journal_mode = WAL"))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!createSchema)
        {
            return;
        }

        // An immediate transaction takes the write lock first, so processes starting at once create the schema one after the other.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand(transaction, ReadCreateScript()))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
