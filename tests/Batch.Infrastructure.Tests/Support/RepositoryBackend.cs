using System.Data.Common;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Repository.Dialects;
using Batch.Items;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Support;

/// <summary>
/// One kind of job repository for the shared tests: each instance owns a fresh, empty store, hands out
/// repositories on it (a second one plays another process), and removes the store when disposed.
/// </summary>
public abstract class RepositoryBackend : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>The clock of the repositories opened from now on (LAST_UPDATED, CREATE_TIME); the system clock when null.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>Whether the store is a database that survives the repository (and other processes can share).</summary>
    public abstract bool IsDatabase { get; }

    /// <summary>The store as the crash host names it (null for in-memory).</summary>
    internal virtual Provider? Provider => null;

    /// <summary>A repository on the store; each call gives another instance (another "process") on the same store.</summary>
    public async Task<IJobRepository> OpenAsync()
    {
        var repository = await CreateRepositoryAsync(wrap: null);
        if (repository is IAsyncDisposable disposable)
        {
            _owned.Add(disposable);
        }

        return repository;
    }

    /// <summary>A repository whose statements go through <paramref name="wrap"/> (to count them).</summary>
    internal async Task<IJobRepository> OpenWrappedAsync(Func<DbDataSource, DbDataSource> wrap)
    {
        var repository = await CreateRepositoryAsync(wrap);
        _owned.Add((IAsyncDisposable)repository);
        return repository;
    }

    /// <summary>A writer of the numbers job's items for this store, and how to read back what it wrote.</summary>
    internal abstract Task<(IItemWriter<int> Writer, Func<Task<IReadOnlyList<long>>> Written)> ItemSinkAsync();

    protected abstract Task<IJobRepository> CreateRepositoryAsync(Func<DbDataSource, DbDataSource>? wrap);

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Reads TEST_ITEM of a database store.</summary>
    internal static async Task<IReadOnlyList<long>> ReadItemsAsync(Provider provider)
    {
        await using var connection = await provider.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ITEM FROM TEST_ITEM ORDER BY ITEM";
        await using var reader = await command.ExecuteReaderAsync();
        var items = new List<long>();
        while (await reader.ReadAsync())
        {
            items.Add(reader.GetInt64(0));
        }

        return items;
    }
}

/// <summary>The in-memory repository: one instance is the whole store (there is no other process).</summary>
public sealed class InMemoryBackend : RepositoryBackend
{
    private InMemoryJobRepository? _repository;

    public override bool IsDatabase => false;

    public override string ToString() => "InMemory";

    internal override Task<(IItemWriter<int>, Func<Task<IReadOnlyList<long>>>)> ItemSinkAsync()
    {
        var writer = new ListItemWriter<int>();
        return Task.FromResult<(IItemWriter<int>, Func<Task<IReadOnlyList<long>>>)>(
            (writer, () => Task.FromResult<IReadOnlyList<long>>([.. writer.Written.Select(i => (long)i).Order()])));
    }

    protected override Task<IJobRepository> CreateRepositoryAsync(Func<DbDataSource, DbDataSource>? wrap) =>
        Task.FromResult<IJobRepository>(_repository ??= new InMemoryJobRepository(Time));
}

/// <summary>The SQLite repository on a new file in the temporary folder.</summary>
public sealed class SqliteBackend : RepositoryBackend
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"batch-test-{Guid.NewGuid():N}.db");

    public override bool IsDatabase => true;

    internal override Provider Provider => new("sqlite", _path);

    public override string ToString() => "Sqlite";

    internal override async Task<(IItemWriter<int>, Func<Task<IReadOnlyList<long>>>)> ItemSinkAsync()
    {
        await ItemTable.CreateAsync(Provider);
        return (new ItemTable.Writer(), () => ReadItemsAsync(Provider));
    }

    protected override Task<IJobRepository> CreateRepositoryAsync(Func<DbDataSource, DbDataSource>? wrap) =>
        Task.FromResult<IJobRepository>(SqliteRepositoryFactory.Create(_path, new SqliteJobRepositoryOptions(), Time, wrap));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>The PostgreSQL repository on a new database of the test run's server.</summary>
public sealed class PostgresBackend : RepositoryBackend
{
    private PostgresCluster? _cluster;
    private string? _connectionString;

    public override bool IsDatabase => true;

    internal override Provider Provider => new("postgres", _connectionString ?? throw new InvalidOperationException("Open a repository first."));

    public override string ToString() => "Postgres";

    internal override async Task<(IItemWriter<int>, Func<Task<IReadOnlyList<long>>>)> ItemSinkAsync()
    {
        await EnsureDatabaseAsync();
        await ItemTable.CreateAsync(Provider);
        return (new ItemTable.Writer(), () => ReadItemsAsync(Provider));
    }

    /// <summary>Creates the database (once) and returns its connection string.</summary>
    internal async Task<string> EnsureDatabaseAsync()
    {
        _cluster ??= await PostgresServer.GetAsync();
        return _connectionString ??= await _cluster.CreateDatabaseAsync(TestContext.CurrentContext.Test.MethodName ?? "batch");
    }

    protected override async Task<IJobRepository> CreateRepositoryAsync(Func<DbDataSource, DbDataSource>? wrap) =>
        PostgresRepositoryFactory.Create(await EnsureDatabaseAsync(), new PostgresJobRepositoryOptions { CreateSchema = true }, Time, wrap);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cluster is not null && _connectionString is not null)
        {
            await _cluster.DropDatabaseAsync(_connectionString);
        }
    }
}
