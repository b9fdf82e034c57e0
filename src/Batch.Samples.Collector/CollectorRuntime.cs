using System.Collections.Concurrent;
using Npgsql;
using Samples.Collector.Configuration;
using Samples.Collector.Rules;

namespace Samples.Collector;

/// <summary>
/// What a run of the collector shares: the base directory, <c>cfg/datalake.json</c>, the rule database, the target database and one
/// data source per source connection — opened when first needed and disposed with the host.
/// </summary>
public sealed class CollectorRuntime : IAsyncDisposable
{
    private readonly CollectorFolderProvider _folders;
    private readonly IHttpClientFactory? _clients;
    private readonly ConcurrentDictionary<string, NpgsqlDataSource> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<TableEntry>> _tables = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DatalakeSettings? _settings;
    private RuleDatabase? _rules;
    private NpgsqlDataSource? _target;

    /// <summary>Creates the runtime.</summary>
    /// <param name="folders">Finds the base directory.</param>
    /// <param name="clients">The HTTP clients of the API sources (<see cref="Collect.CollectorHttp"/>); null where no API is collected.</param>
    public CollectorRuntime(CollectorFolderProvider folders, IHttpClientFactory? clients = null)
    {
        _folders = folders;
        _clients = clients;
    }

    /// <summary>The HTTP clients of the API sources (code 02).</summary>
    /// <exception cref="InvalidOperationException">The host registered none.</exception>
    public IHttpClientFactory Http => _clients ?? throw new InvalidOperationException("The collector's host registered no HTTP client (CollectorHttp.AddCollectorHttp).");

    /// <summary>The base directory.</summary>
    public CollectorFolder Folder => _folders.Get();

    /// <summary>datalake.json, read once.</summary>
    /// <exception cref="CollectorException">It is missing or invalid.</exception>
    public DatalakeSettings Settings
    {
        get
        {
            lock (_lock)
            {
                return _settings ??= SettingsFiles.ReadDatalake(Folder);
            }
        }
    }

    /// <summary>The tables collected at once: datalake.json's <c>threads</c>, or 4 when the file cannot be read yet.</summary>
    public int ThreadsOrDefault
    {
        get
        {
            try
            {
                return Settings.Threads;
            }
            catch (CollectorException)
            {
                return 4;
            }
        }
    }

    /// <summary>The rule database.</summary>
    public RuleDatabase Rules
    {
        get
        {
            lock (_lock)
            {
                return _rules ??= RuleDatabase.Open(Settings.Repository!, Folder);
            }
        }
    }

    /// <summary>The status and log tables.</summary>
    public RuleLog Log => new(Rules);

    /// <summary>The target database (the seed's Hive).</summary>
    public NpgsqlDataSource Target
    {
        get
        {
            lock (_lock)
            {
                return _target ??= NpgsqlDataSource.Create(Settings.Hive!);
            }
        }
    }

    /// <summary>The lake root, absolute, inside the base directory.</summary>
    public string LakeRoot => Folder.Resolve(Settings.Namenode, "namenode (lake root)");

    /// <summary>The data source of a source connection string.</summary>
    public NpgsqlDataSource Source(string connectionString) => _sources.GetOrAdd(connectionString, NpgsqlDataSource.Create);

    /// <summary>The registry entry of a partition value (<c>CONN/TABLE</c>), read once per process.</summary>
    /// <exception cref="CollectorException">The table is no longer registered.</exception>
    public Task<TableEntry> TableAsync(string partitionValue, CancellationToken cancellationToken) =>
        _tables.GetOrAdd(partitionValue, value => ReadTableAsync(value, cancellationToken));

    /// <summary>The registry entry of a connection.</summary>
    /// <exception cref="CollectorException">It is not registered.</exception>
    public async Task<ConnectionEntry> ConnectionAsync(string number, CancellationToken cancellationToken)
    {
        var found = await Rules.GetConnectionsAsync([number], cancellationToken).ConfigureAwait(false);
        return found.TryGetValue(number, out var entry)
            ? entry
            : throw new CollectorException($"Connection {number} is no longer registered in T_COLLECT_CONN_0001.");
    }

    private async Task<TableEntry> ReadTableAsync(string partitionValue, CancellationToken cancellationToken)
    {
        var slash = partitionValue.IndexOf('/', StringComparison.Ordinal);
        var connection = await ConnectionAsync(partitionValue[..slash], cancellationToken).ConfigureAwait(false);
        var table = partitionValue[(slash + 1)..];
        return connection.Tables.FirstOrDefault(t => t.TableName == table)
            ?? throw new CollectorException($"Table {table} of connection {connection.Number} is no longer registered (in use) in T_COLLECT_TABLE_0001.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        if (_target is not null)
        {
            await _target.DisposeAsync().ConfigureAwait(false);
        }

        if (_rules is not null)
        {
            await _rules.DisposeAsync().ConfigureAwait(false);
        }
    }
}
