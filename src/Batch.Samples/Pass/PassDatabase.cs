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
        try
        {
            (IsPostgres, _reading, _chunk, var description, _problem) = Read(provider, connectionString);
            Description = description ?? Description;
        }
        catch (ArgumentException unreadable)
        {
            // Reported at start with the repository's own settings check; here it only must not crash the registration.
            _problem = $"Batch:ConnectionString cannot be read: {unreadable.Message}";
        }
    }

    private static (bool Postgres, DbContextOptions<PassDbContext>? Reading, DbContextOptions<PassDbContext>? Chunk, string? Description, string? Problem) Read(
        string? provider, string? connectionString)
    {
        switch (provider)
        {
            case "SQLITE" when !string.IsNullOrWhiteSpace(connectionString):
                var sqlite = connectionString.Contains('=', StringComparison.Ordinal) ? connectionString : "Data Source=" + connectionString;
                var file = Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqlite).DataSource);
                return (false, new DbContextOptionsBuilder<PassDbContext>().UseSqlite(sqlite).Options, new DbContextOptionsBuilder<PassDbContext>().UseSqlite().Options,
                    "the SQLite file " + file, null);
            case "POSTGRES" or "POSTGRESQL" or "NPGSQL" when !string.IsNullOrWhiteSpace(connectionString):
                var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
                return (true, new DbContextOptionsBuilder<PassDbContext>().UseNpgsql(connectionString).Options, new DbContextOptionsBuilder<PassDbContext>().UseNpgsql().Options,
                    $"the PostgreSQL database {npgsql.Database} on {npgsql.Host}", null);   // never the password
            default:
                return (false, null, null, null,
                    "The pass jobs keep their tables in the job repository's database, and there is none: set Batch:Provider to " +
                    "Sqlite or Postgres and Batch:ConnectionString (the InMemory repository has no database for them).");
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
