using Npgsql;

namespace Batch.Infrastructure.Repository;

/// <summary>Options of the PostgreSQL job repository.</summary>
public sealed class PostgresJobRepositoryOptions : DatabaseJobRepositoryOptions
{
    /// <summary>Creates the options with their defaults: as on SQLite, a command that writes creates the schema when it is missing.</summary>
    public PostgresJobRepositoryOptions()
    {
        CreateSchema = true;
    }

    /// <summary>
    /// Adjusts the Npgsql data source the repository builds from the connection string (logging,
    /// authentication callbacks, …). Null by default.
    /// </summary>
    public Action<NpgsqlDataSourceBuilder>? ConfigureDataSource { get; set; }
}
