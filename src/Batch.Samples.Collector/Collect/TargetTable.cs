using Npgsql;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>
/// Creates a table's target table when it is missing: the base time, then the source's columns with the source's types, keyed by
/// (base time, the registered key). The target database itself is not created (seed 000): a missing one is a clear error.
/// </summary>
internal static class TargetTable
{
    public static async Task EnsureAsync(NpgsqlDataSource target, TableEntry table, IReadOnlyList<SourceColumn> columns, CancellationToken cancellationToken)
    {
        var definitions = string.Join(", ", columns.Select(c => $"{c.Name} {c.DataTypeName}{(c.Nullable ? string.Empty : " NOT NULL")}"));
        var sql = $"CREATE TABLE IF NOT EXISTS {table.TargetTable} ({LakeLayout.BaseTimeColumn} CHAR(14) NOT NULL, {definitions}, " +
                  $"PRIMARY KEY ({LakeLayout.BaseTimeColumn}, {string.Join(", ", table.KeyColumns)}))";
        try
        {
            await using var command = target.CreateCommand(sql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw MissingDatabase(target, ex);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation || ex.SqlState == PostgresErrorCodes.DuplicateObject)
        {
            // Another partition created a table of the same name at the same moment: it is there now.
        }
    }

    /// <summary>Checks that the target database exists and answers (before a run writes anything).</summary>
    /// <exception cref="CollectorException">It does not exist (exit 1), or cannot be reached (exit 1).</exception>
    public static async Task CheckDatabaseAsync(NpgsqlDataSource target, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = target.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw MissingDatabase(target, ex);
        }
        catch (NpgsqlException ex)
        {
            throw new CollectorException(
                $"The target database {Describe(target)} (datalake.json 'hive') cannot be reached: {ex.Message} Run healthcheck to pick a reachable one.", ex)
            { ExitCode = 1 };
        }
    }

    private static CollectorException MissingDatabase(NpgsqlDataSource target, PostgresException ex) =>
        new($"The target database {Describe(target)} (datalake.json 'hive') does not exist: the collector creates its tables but not the database. " +
            $"Create it first (CREATE DATABASE {new NpgsqlConnectionStringBuilder(target.ConnectionString).Database}), then run batchrun again.", ex)
        { ExitCode = 1 };

    private static string Describe(NpgsqlDataSource target) => HealthCheck.HealthChecker.Describe(new NpgsqlConnectionStringBuilder(target.ConnectionString));
}
