using System.Text.Json.Serialization;

namespace Samples.Collector.Configuration;

/// <summary>
/// <c>cfg/healthcheck.json</c>: the candidate servers of each kind, in order of preference. <c>healthcheck</c> tries each and
/// writes the first reachable one of each kind into <c>cfg/datalake.json</c> (seed 000's table: repository, namenode, hive, proxy).
/// </summary>
public sealed class HealthCheckSettings
{
    /// <summary>How long one connection attempt may take, in seconds (default 5).</summary>
    [JsonPropertyName("connectTimeoutSeconds")]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Tables collected at once, copied into datalake.json (default 4).</summary>
    [JsonPropertyName("threads")]
    public int Threads { get; set; } = 4;

    /// <summary>Rule database candidates (the seed's repository): registry, status, logs, results and the job repository.</summary>
    [JsonPropertyName("repository")]
    public List<DatabaseEndpoint> Repository { get; set; } = [];

    /// <summary>Lake root candidates (the seed's namenode): folders under the base directory; reachable when it exists and is writable.</summary>
    [JsonPropertyName("namenode")]
    public List<string> Namenode { get; set; } = [];

    /// <summary>Target database candidates (the seed's hive): Npgsql connection strings; the database must exist.</summary>
    [JsonPropertyName("hive")]
    public List<string> Hive { get; set; } = [];

    /// <summary>HTTP/HTTPS proxy candidates (<c>http://host:port</c>); none configured means no proxy is used.</summary>
    [JsonPropertyName("proxy")]
    public List<string> Proxy { get; set; } = [];

    /// <summary>Checks the settings.</summary>
    /// <exception cref="CollectorException">A kind without candidates, a bad timeout or thread count, a malformed proxy.</exception>
    public void Validate()
    {
        if (ConnectTimeoutSeconds is < 1 or > 300)
        {
            throw new CollectorException($"healthcheck.json: connectTimeoutSeconds is {ConnectTimeoutSeconds}; give 1 to 300 seconds.");
        }

        if (Threads is < 1 or > 64)
        {
            throw new CollectorException($"healthcheck.json: threads is {Threads}; give 1 to 64.");
        }

        RequireAny(Repository.Count, "repository", "the rule database");
        RequireAny(Namenode.Count, "namenode", "the lake root");
        RequireAny(Hive.Count, "hive", "the target database");
        for (var i = 0; i < Repository.Count; i++)
        {
            Repository[i].Validate($"healthcheck.json: repository[{i}]");
        }

        foreach (var proxy in Proxy)
        {
            if (!Uri.TryCreate(proxy, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new CollectorException($"healthcheck.json: proxy '{proxy}' is not an http:// or https:// URL.");
            }
        }
    }

    private static void RequireAny(int count, string key, string what)
    {
        if (count == 0)
        {
            throw new CollectorException($"healthcheck.json: '{key}' lists no candidate for {what}; give at least one (see cfg/healthcheck.sample.json).");
        }
    }
}
