using System.Text.Json.Serialization;

namespace Samples.Collector.Configuration;

/// <summary>A database to connect to: the rule database (PostgreSQL or SQLite) or the target database (PostgreSQL).</summary>
public sealed class DatabaseEndpoint
{
    /// <summary><c>postgres</c> (default) or <c>sqlite</c> (the rule database only; a file under the base directory).</summary>
    [JsonPropertyName("provider")]
    public string Provider { get; set; } = "postgres";

    /// <summary>An Npgsql connection string, or <c>Data Source=rules.db</c> for SQLite (relative to the base directory).</summary>
    [JsonPropertyName("connectionString")]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Whether this is a SQLite database.</summary>
    [JsonIgnore]
    public bool IsSqlite => string.Equals(Provider, "sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks the provider name.</summary>
    /// <param name="where">The setting's name, for the message.</param>
    /// <exception cref="CollectorException">An unknown provider or an empty connection string.</exception>
    public void Validate(string where)
    {
        if (!IsSqlite && !string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new CollectorException($"{where}: provider '{Provider}' is not known; use \"postgres\" or \"sqlite\".");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new CollectorException($"{where}: connectionString is empty.");
        }
    }
}
