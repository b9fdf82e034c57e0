using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Samples.Collector.Configuration;

namespace Samples.Collector.HealthCheck;

/// <summary>
/// Seed 000's health check: tries the candidate servers of each kind in order, each with the connect timeout, and picks the
/// first reachable one of each kind. The rule and target databases must accept a connection and answer <c>SELECT 1</c>
/// (a target database that does not exist is not reachable); the lake root must be an existing, writable folder under the
/// base directory; a proxy must accept a TCP connection.
/// </summary>
public sealed class HealthChecker
{
    private readonly CollectorFolder _folder;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the checker.</summary>
    /// <param name="folder">The base directory (lake roots and SQLite files are resolved against it).</param>
    /// <param name="connectTimeout">How long one attempt may take.</param>
    public HealthChecker(CollectorFolder folder, TimeSpan connectTimeout)
    {
        _folder = folder;
        _timeout = connectTimeout;
    }

    /// <summary>Tries every candidate of every kind (all of them, so the output shows which servers are down).</summary>
    /// <param name="settings">The candidates.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>One result per candidate, in the file's order.</returns>
    /// <exception cref="CollectorException">A lake root or SQLite file outside the base directory.</exception>
    public async Task<IReadOnlyList<ProbeResult>> CheckAsync(HealthCheckSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var results = new List<ProbeResult>();
        for (var i = 0; i < settings.Repository.Count; i++)
        {
            results.Add(await ProbeRuleDatabaseAsync(i, settings.Repository[i], cancellationToken).ConfigureAwait(false));
        }

        for (var i = 0; i < settings.Namenode.Count; i++)
        {
            results.Add(ProbeLakeRoot(i, settings.Namenode[i]));
        }

        for (var i = 0; i < settings.Hive.Count; i++)
        {
            results.Add(await ProbePostgresAsync("hive", i, settings.Hive[i], cancellationToken).ConfigureAwait(false));
        }

        for (var i = 0; i < settings.Proxy.Count; i++)
        {
            results.Add(await ProbeProxyAsync(i, settings.Proxy[i], cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<ProbeResult> ProbeRuleDatabaseAsync(int index, DatabaseEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (!endpoint.IsSqlite)
        {
            return await ProbePostgresAsync("repository", index, endpoint.ConnectionString, cancellationToken).ConfigureAwait(false);
        }

        var builder = new SqliteConnectionStringBuilder(endpoint.ConnectionString);
        var path = _folder.Resolve(builder.DataSource, $"repository[{index}] SQLite file");
        if (!File.Exists(path))
        {
            return new ProbeResult("repository", index, path, false, "the SQLite file does not exist");
        }

        builder.DataSource = path;
        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.DefaultTimeout = (int)_timeout.TotalSeconds;
        try
        {
            await using var connection = new SqliteConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return new ProbeResult("repository", index, path, true, string.Empty);
        }
        catch (SqliteException ex)
        {
            return new ProbeResult("repository", index, path, false, ex.Message);
        }
    }

    private async Task<ProbeResult> ProbePostgresAsync(string kind, int index, string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new CollectorException($"healthcheck.json: {kind}[{index}] is not a valid connection string: {ex.Message}", ex);
        }

        var description = Describe(builder);
        builder.Timeout = Math.Max(1, (int)Math.Ceiling(_timeout.TotalSeconds));
        builder.CommandTimeout = builder.Timeout;
        builder.Pooling = false;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_timeout + _timeout);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(attempt.Token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(attempt.Token).ConfigureAwait(false);
            return new ProbeResult(kind, index, description, true, string.Empty);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return new ProbeResult(kind, index, description, false,
                $"the database '{builder.Database}' does not exist (the collector creates tables, not databases: CREATE DATABASE it first)");
        }
        catch (Exception ex) when (ex is DbException or SocketException or TimeoutException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new ProbeResult(kind, index, description, false, ex.InnerException?.Message ?? ex.Message);
        }
    }

    private ProbeResult ProbeLakeRoot(int index, string configured)
    {
        var path = _folder.Resolve(configured, $"namenode[{index}]");
        if (!Directory.Exists(path))
        {
            return new ProbeResult("namenode", index, path, false, "the folder does not exist (not mounted?)");
        }

        var probe = Path.Combine(path, $".healthcheck-{Environment.ProcessId}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return new ProbeResult("namenode", index, path, true, string.Empty);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ProbeResult("namenode", index, path, false, "not writable: " + ex.Message);
        }
    }

    private async Task<ProbeResult> ProbeProxyAsync(int index, string proxy, CancellationToken cancellationToken)
    {
        var uri = new Uri(proxy);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(uri.Host, uri.Port, attempt.Token).ConfigureAwait(false);
            return new ProbeResult("proxy", index, $"{uri.Host}:{uri.Port}", true, string.Empty);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new ProbeResult("proxy", index, $"{uri.Host}:{uri.Port}", false,
                ex is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0} s" : ex.Message);
        }
    }

    /// <summary>host:port/database of a PostgreSQL connection string, never its password.</summary>
    internal static string Describe(NpgsqlConnectionStringBuilder builder) => $"{builder.Host}:{builder.Port}/{builder.Database}";
}
