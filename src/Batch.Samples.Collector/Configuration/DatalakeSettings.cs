using System.Text.Json.Serialization;

namespace Samples.Collector.Configuration;

/// <summary>
/// <c>cfg/datalake.json</c>: the servers the collector uses, one of each kind — written by <c>healthcheck</c>, or by hand when no
/// health check is wanted (seed 000).
/// </summary>
public sealed class DatalakeSettings
{
    /// <summary>The rule database: registry, T_BATCH_* tables and the job repository (Batch's meta tables).</summary>
    [JsonPropertyName("repository")]
    public DatabaseEndpoint? Repository { get; set; }

    /// <summary>The lake root, relative to the base directory (or absolute inside it).</summary>
    [JsonPropertyName("namenode")]
    public string? Namenode { get; set; }

    /// <summary>The target database (the seed's Hive): an Npgsql connection string. Its tables are created; the database is not.</summary>
    [JsonPropertyName("hive")]
    public string? Hive { get; set; }

    /// <summary>The HTTP/HTTPS proxy for API sources; none when null.</summary>
    [JsonPropertyName("proxy")]
    public string? Proxy { get; set; }

    /// <summary>Tables collected at once (the partitioned step's grid size).</summary>
    [JsonPropertyName("threads")]
    public int Threads { get; set; } = 4;

    /// <summary>Rows per chunk: one Parquet file per chunk, one transaction per chunk in the target (default 10,000).</summary>
    [JsonPropertyName("chunkSize")]
    public int ChunkSize { get; set; } = 10_000;

    /// <summary>
    /// After how many seconds without a heartbeat a new <c>batchrun</c> takes over a run whose process died (SIGKILL, a lost
    /// machine) instead of being refused; default 600. At least four heartbeats (the heartbeat is every 30 s by default).
    /// </summary>
    [JsonPropertyName("takeOverAfterSeconds")]
    public int TakeOverAfterSeconds { get; set; } = 600;

    /// <summary>
    /// Whether the tables of a <c>batchrun</c> are collected by <c>worker</c> processes — of this collector, on this machine or others,
    /// sharing the rule database — instead of this process's threads (the library's remote partitioning on the PostgreSQL job
    /// repository). Default false. Needs a PostgreSQL rule database; see <see cref="Collect.RemoteWorkers.Section"/> for the lease settings.
    /// </summary>
    [JsonPropertyName("remoteWorkers")]
    public bool RemoteWorkers { get; set; }

    /// <summary>When <c>healthcheck</c> wrote the file (UTC); informational.</summary>
    [JsonPropertyName("checkedAt")]
    public DateTime? CheckedAt { get; set; }

    /// <summary>Checks that the file names every server the collector needs.</summary>
    /// <exception cref="CollectorException">A missing kind or a bad number.</exception>
    public void Validate()
    {
        if (Repository is null)
        {
            throw new CollectorException("datalake.json has no 'repository' (the rule database): run healthcheck, or write it by hand.");
        }

        Repository.Validate("datalake.json: repository");
        if (string.IsNullOrWhiteSpace(Namenode))
        {
            throw new CollectorException("datalake.json has no 'namenode' (the lake root): run healthcheck, or write it by hand.");
        }

        if (string.IsNullOrWhiteSpace(Hive))
        {
            throw new CollectorException("datalake.json has no 'hive' (the target database): run healthcheck, or write it by hand.");
        }

        if (Threads is < 1 or > 64)
        {
            throw new CollectorException($"datalake.json: threads is {Threads}; give 1 to 64.");
        }

        if (ChunkSize is < 1 or > 1_000_000)
        {
            throw new CollectorException($"datalake.json: chunkSize is {ChunkSize}; give 1 to 1,000,000.");
        }

        if (RemoteWorkers && Repository.IsSqlite)
        {
            throw new CollectorException(Collect.RemoteWorkers.SqliteRefusal);
        }

        if (TakeOverAfterSeconds < 120)
        {
            throw new CollectorException($"datalake.json: takeOverAfterSeconds is {TakeOverAfterSeconds}; give at least 120 (four heartbeats).");
        }
    }
}
