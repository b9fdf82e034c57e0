using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Samples.Pass;

/// <summary>
/// Where the pass tables are: the job repository's database, as the section <c>Batch</c> names it (<c>Provider</c> Sqlite or
/// Postgres, <c>ConnectionString</c>). Makes the two kinds of <see cref="PassDbContext"/> the jobs use: one with a connection of its
/// own (readers, the seed command, tasklets' queries) and one without, which a writer joins to the chunk's transaction.
/// </summary>
public sealed class PassDatabase
{
    private readonly DbContextOptions<PassDbContext>? _reading;
    private readonly DbContextOptions<PassDbContext>? _chunk;
    private readonly string? _problem;

    /// <summary>Reads the database from the <c>Batch</c> section.</summary>
    /// <param name="section">The section the job repository is configured from.</param>
    public PassDatabase(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var provider = section["Provider"]?.Trim().ToUpperInvariant();
        var connectionString = section["ConnectionString"];
        switch (provider)
        {
            case "SQLITE" when !string.IsNullOrWhiteSpace(connectionString):
                IsPostgres = false;
                var sqlite = connectionString.Contains('=', StringComparison.Ordinal) ? connectionString : "Data Source=" + connectionString;
                _reading = new DbContextOptionsBuilder<PassDbContext>().UseSqlite(sqlite).Options;
                _chunk = new DbContextOptionsBuilder<PassDbContext>().UseSqlite().Options;
                Description = "the SQLite file " + Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqlite).DataSource);
                break;
            case "POSTGRES" or "POSTGRESQL" or "NPGSQL" when !string.IsNullOrWhiteSpace(connectionString):
                IsPostgres = true;
                _reading = new DbContextOptionsBuilder<PassDbContext>().UseNpgsql(connectionString).Options;
                _chunk = new DbContextOptionsBuilder<PassDbContext>().UseNpgsql().Options;
                var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
                Description = $"the PostgreSQL database {npgsql.Database} on {npgsql.Host}";   // never the password
                break;
            default:
                _problem = "The pass jobs keep their tables in the job repository's database, and there is none: set Batch:Provider to " +
                    "Sqlite or Postgres and Batch:ConnectionString (the InMemory repository has no database for them).";
                break;
        }
    }

    /// <summary>Which database it is, for messages: <c>the SQLite file /full/path.db</c> or <c>the PostgreSQL database pass on localhost</c> (no password).</summary>
    public string Description { get; } = "no database";

    /// <summary>Whether the database is PostgreSQL (else SQLite).</summary>
    public bool IsPostgres { get; }

    /// <summary>A context with a connection of its own (dispose it).</summary>
    /// <returns>The context.</returns>
    /// <exception cref="InvalidOperationException">No database is configured.</exception>
    public PassDbContext CreateContext() => new(_reading ?? throw new InvalidOperationException(_problem));

    /// <summary>A context without a connection, for a writer or tasklet that joins it to the chunk's transaction (<c>UseChunkTransactionAsync</c>).</summary>
    /// <returns>The context.</returns>
    /// <exception cref="InvalidOperationException">No database is configured.</exception>
    public PassDbContext CreateChunkContext() => new(_chunk ?? throw new InvalidOperationException(_problem));
}
