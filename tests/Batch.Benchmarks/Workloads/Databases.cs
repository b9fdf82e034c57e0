using System.Data.Common;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Repository;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// The databases of one benchmark run: PostgreSQL (the server of BATCH_TEST_POSTGRES, or a throw-away cluster
/// with default durability started on first use) and SQLite files in the run's work folder. Each call gets a
/// fresh, empty database.
/// </summary>
internal sealed class Databases(string workDirectory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresCluster? _cluster;
    private int _files;

    public async Task<string> NewPostgresAsync(string name)
    {
        await _gate.WaitAsync();
        try
        {
            _cluster ??= await PostgresCluster.StartAsync(durable: true);
        }
        finally
        {
            _gate.Release();
        }

        return await _cluster.CreateDatabaseAsync(name);
    }

    /// <summary>Drops a database made by <see cref="NewPostgresAsync"/>.</summary>
    public Task DropPostgresAsync(string connectionString) =>
        (_cluster ?? throw new InvalidOperationException("No PostgreSQL database was made in this run.")).DropDatabaseAsync(connectionString);

    public string NewSqlite(string name) =>
        $"Data Source={Path.Combine(workDirectory, $"{name}-{Interlocked.Increment(ref _files)}.db")}";

    /// <summary>A job repository on a fresh database, counting the statements it sends.</summary>
    public async Task<(IJobRepository Repository, CountingDataSource? Counter, string ConnectionString)> RepositoryAsync(Backend backend, string name)
    {
        var connectionString = backend switch
        {
            Backend.Postgres => await NewPostgresAsync(name),
            Backend.Sqlite => NewSqlite(name),
            _ => string.Empty,
        };
        var (repository, counter) = Open(backend, connectionString, counted: true);
        return (repository, counter, connectionString);
    }

    /// <summary>A job repository on an existing database; counting its statements when asked (the counting wrapper costs a little per statement).</summary>
    public static (IJobRepository Repository, CountingDataSource? Counter) Open(Backend backend, string connectionString, bool counted)
    {
        CountingDataSource? counter = null;
        Func<DbDataSource, DbDataSource>? wrap = counted ? inner => counter is null ? counter = new CountingDataSource(inner) : counter.Beside(inner) : null;
        IJobRepository repository = backend switch
        {
            Backend.Postgres => Batch.Infrastructure.Repository.Dialects.PostgresRepositoryFactory.Create(
                connectionString, new Batch.Infrastructure.Repository.PostgresJobRepositoryOptions { CreateSchema = true }, null, wrap),
            Backend.Sqlite => Batch.Infrastructure.Repository.Dialects.SqliteRepositoryFactory.Create(
                connectionString, new Batch.Infrastructure.Repository.SqliteJobRepositoryOptions(), null, wrap),
            _ => new InMemoryJobRepository(),
        };
        return (repository, counter);
    }

    /// <summary>Opens a plain connection to a database made here (for the baselines).</summary>
    public static async Task<DbConnection> OpenAsync(Backend backend, string connectionString)
    {
        DbConnection connection = backend == Backend.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        if (connection is SqliteConnection)
        {
            await using var pragma = connection.CreateCommand();
            // The same settings the SQLite job repository uses on its connections, so both sides pay the same fsyncs.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync();
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>The job repositories the workloads compare.</summary>
internal enum Backend
{
    InMemory,
    Sqlite,
    Postgres,
}
