using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Samples.Pass;

/// <summary>
/// Creates the pass tables when they are missing, from the EF Core model (<c>GenerateCreateScript</c>), inside a transaction the caller
/// gives: idempotent, and safe when two processes start at once (an advisory lock on PostgreSQL, SQLite's write lock).
/// <c>EnsureCreated</c> cannot be used: it creates nothing in a database that already has tables, and the job repository's are there.
/// </summary>
internal static class PassSchema
{
    /// <summary>The table whose presence says the schema is there.</summary>
    public const string MarkerTable = "pass_member";

    private const long AdvisoryLockKey = 3_003_003;

    /// <summary>The pass tables, children first (the order to drop them in).</summary>
    public static readonly string[] Tables =
    [
        "pass_notification", "pass_statistic", "pass_booking", "pass_pass", "pass_bulk_pass", "pass_group_member",
        "pass_member_group", "pass_package", "pass_member",
    ];

    /// <summary>Creates the tables unless they exist.</summary>
    /// <returns>Whether they were created.</returns>
    public static async Task<bool> EnsureCreatedAsync(PassDbContext context, DbConnection connection, DbTransaction transaction, bool postgres, CancellationToken cancellationToken)
    {
        if (postgres)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        }

        if (await ExistsAsync(connection, transaction, postgres, cancellationToken))
        {
            return false;
        }

        await ExecuteAsync(connection, transaction, context.Database.GenerateCreateScript(), cancellationToken);
        return true;
    }

    /// <summary>Drops the pass tables (the seed command's <c>--reset</c>).</summary>
    public static async Task DropAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var table in Tables)
        {
            await ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {table}", cancellationToken);
        }
    }

    /// <summary>Whether the pass tables are there.</summary>
    public static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction? transaction, bool postgres, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = postgres
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        var name = command.CreateParameter();
        name.ParameterName = "@name";
        name.Value = MarkerTable;
        command.Parameters.Add(name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
