using System.Data.Common;
using Batch.Repository;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Batch.Infrastructure.CrashHost;

/// <summary>The database a host run uses: which repository to build and how to open a plain connection to the same database.</summary>
internal sealed record Provider(string Name, string ConnectionString)
{
    public bool IsPostgres => Name.Equals("postgres", StringComparison.OrdinalIgnoreCase);

    public RelationalJobRepository CreateRepository(bool createSchema = true) => IsPostgres
        ? RelationalJobRepository.CreatePostgres(ConnectionString, new PostgresJobRepositoryOptions { CreateSchema = createSchema })
        : RelationalJobRepository.CreateSqlite(ConnectionString, new SqliteJobRepositoryOptions { CreateSchema = createSchema });

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(ConnectionString)
            : new SqliteConnection(ConnectionString.Contains('=', StringComparison.Ordinal) ? ConnectionString : "Data Source=" + ConnectionString);
        await connection.OpenAsync();
        if (!IsPostgres)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000";
            await pragma.ExecuteNonQueryAsync();
        }

        return connection;
    }
}
