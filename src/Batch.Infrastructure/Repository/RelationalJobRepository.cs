using System.Data.Common;
using Batch.Infrastructure.Repository.Dialects;

namespace Batch.Infrastructure.Repository;

/// <summary>
/// The job repository on a relational database — PostgreSQL or SQLite — in Spring Batch's meta tables
/// (see <c>schema/</c>). It keeps the guarantees across processes: one live execution per instance
/// (a partial unique index settles a launch race), optimistic locking on every update (VERSION), and
/// each chunk's checkpoint committed in the chunk's own transaction, which writers to the same database
/// share through <see cref="IChunkTransaction.Connection"/> and <see cref="IChunkTransaction.Transaction"/>.
/// </summary>
/// <remarks>
/// <para>Costs: a chunk commit runs one statement (the step execution's counters with its VERSION check,
/// which also returns whether the job was asked to stop), two when the step's context changed — sent in
/// one round trip on PostgreSQL. A step's chunks run in one <see cref="IChunkSession"/>: one connection and
/// statements built once (prepared on PostgreSQL) for the whole step. A launch runs a fixed number of
/// statements whatever the history.</para>
/// <para>The explorer's reads (<see cref="IJobExplorer"/>: show, list) go through EF Core; what a job run needs — the
/// launch, the step history, every write — is hand-written, parameterised SQL, so a run never builds the EF Core model.
/// Returned objects are snapshots. Dispose the repository to close its connection pool (one it built; an application's data source stays open).</para>
/// </remarks>
/// <example>
/// <code>
/// await using var repository = RelationalJobRepository.CreateSqlite("batch.db");
/// var launcher = new JobLauncher(repository);
/// </code>
/// </example>
public sealed partial class RelationalJobRepository : IJobRepository, IAsyncDisposable, IDisposable
{
    private readonly SqlDialect _dialect;
    private readonly DbDataSource _dataSource;
    private readonly DbDataSource _ownStatements;
    private readonly bool _ownsDataSource;
    private readonly bool _createSchema;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _readable;

    internal RelationalJobRepository(
        SqlDialect dialect, DbDataSource dataSource, bool createSchema, TimeProvider? timeProvider, bool ownsDataSource = true,
        DbDataSource? ownStatements = null)
    {
        _dialect = dialect;
        _dataSource = dataSource;
        _ownStatements = ownStatements ?? dataSource;
        _ownsDataSource = ownsDataSource;
        _createSchema = createSchema;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The database this repository runs on: "PostgreSQL" or "SQLite".</summary>
    public string DatabaseName => _dialect.DisplayName;

    /// <summary>
    /// The repository's data source (its connection pool) for connections that code other than the repository's uses: the chunks'
    /// connections (writers share them) and the partition queue of remote partitioning. Its connections are reset when they go back.
    /// </summary>
    internal DbDataSource DataSource => _dataSource;

    /// <summary>
    /// The pool of the repository's own statements (launch, step and job saves, heartbeats, step history, housekeeping, launch slots):
    /// when the repository built its data source from a connection string, a second pool of the same settings with No Reset On Close,
    /// which is safe because those statements leave no session state behind — no SET, no temporary table, no LISTEN, only
    /// transaction-scoped advisory locks, and every transaction ends before its connection goes back (Npgsql rolls back one left open
    /// whatever the setting) — so a connection's prepared statements are kept and nothing is sent for it when it is taken again.
    /// Otherwise the same as <see cref="DataSource"/>.
    /// </summary>
    internal DbDataSource OwnStatementsPool => _ownStatements;

    /// <summary>
    /// Creates a repository on a SQLite file (created by the first command that writes, never by a read), shared safely by several
    /// processes: WAL mode, a busy timeout, and an immediate transaction per write so writers queue instead of deadlocking; a
    /// chunk takes the write lock only when its writer first uses the chunk's transaction, or at its commit.
    /// </summary>
    /// <param name="connectionStringOrPath">A file path (<c>batch.db</c>) or a Microsoft.Data.Sqlite connection string (<c>Data Source=batch.db</c>).</param>
    /// <param name="options">Options; by default the first command that writes creates a missing schema (reads never create the file or the schema).</param>
    /// <param name="timeProvider">The clock for LAST_UPDATED and CREATE_TIME; the system clock when null.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="ArgumentException">The connection string names an in-memory database, which other connections cannot see.</exception>
    public static RelationalJobRepository CreateSqlite(string connectionStringOrPath, SqliteJobRepositoryOptions? options = null, TimeProvider? timeProvider = null) =>
        SqliteRepositoryFactory.Create(connectionStringOrPath, options ?? new SqliteJobRepositoryOptions(), timeProvider, wrap: null);

    /// <summary>
    /// Creates a repository on a PostgreSQL database. It keeps two connection pools of the connection string's settings: one for its
    /// own statements, whose connections are not reset when they go back (those statements leave no session state), and one for the
    /// chunks' connections, which writers share and which are reset as usual; so up to twice <c>Max Pool Size</c> connections.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).</param>
    /// <param name="options">Options; by default the first command that writes creates a missing schema (see <see cref="DatabaseJobRepositoryOptions.CreateSchema"/>).</param>
    /// <param name="timeProvider">The clock for LAST_UPDATED and CREATE_TIME; the system clock when null.</param>
    /// <returns>The repository.</returns>
    public static RelationalJobRepository CreatePostgres(string connectionString, PostgresJobRepositoryOptions? options = null, TimeProvider? timeProvider = null) =>
        PostgresRepositoryFactory.Create(connectionString, options ?? new PostgresJobRepositoryOptions(), timeProvider, wrap: null);

    /// <summary>
    /// Creates a repository on an <see cref="Npgsql.NpgsqlDataSource"/> the application built (and registered, for example with
    /// <c>services.AddSingleton(NpgsqlDataSource.Create(connectionString))</c> or <c>services.AddNpgsqlDataSource(...)</c>):
    /// its pool serves the repository, and disposing the repository leaves it open for its owner to dispose.
    /// </summary>
    /// <param name="dataSource">The application's data source.</param>
    /// <param name="options">Options; by default the first command that writes creates a missing schema. <see cref="PostgresJobRepositoryOptions.ConfigureDataSource"/> must be unset (the data source is already built).</param>
    /// <param name="timeProvider">The clock for LAST_UPDATED and CREATE_TIME; the system clock when null.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="ArgumentException"><see cref="PostgresJobRepositoryOptions.ConfigureDataSource"/> is set.</exception>
    public static RelationalJobRepository CreatePostgres(Npgsql.NpgsqlDataSource dataSource, PostgresJobRepositoryOptions? options = null, TimeProvider? timeProvider = null) =>
        PostgresRepositoryFactory.Create(dataSource, options ?? new PostgresJobRepositoryOptions(), timeProvider);

    /// <summary>Creates the schema now (idempotently), whatever <see cref="DatabaseJobRepositoryOptions.CreateSchema"/> says.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await _dialect.InitializeAsync(connection, createSchema: true, cancellationToken).ConfigureAwait(false);
        _initialized = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            if (!ReferenceEquals(_ownStatements, _dataSource))
            {
                await _ownStatements.DisposeAsync().ConfigureAwait(false);
            }
        }

        _initialization.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
            if (!ReferenceEquals(_ownStatements, _dataSource))
            {
                _ownStatements.Dispose();
            }
        }

        _initialization.Dispose();
    }

    /// <summary>
    /// Opens a connection for a command that writes (or a launch's reads), preparing the database first when this is the repository's
    /// first use: a read checks the tables, and only when they are missing does it create them (<see cref="DatabaseJobRepositoryOptions.CreateSchema"/>)
    /// or fail with a message saying how to.
    /// </summary>
    private async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _ownStatements.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a connection for a chunk (a session's or a lone one): from <see cref="DataSource"/>, whose connections are reset when they go
    /// back, because the chunk's writer uses it as it likes (a temporary table, a SET).
    /// </summary>
    private async ValueTask<DbConnection> OpenForChunksAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            // Opening a missing SQLite file creates it: with the schema not to be created, a wrong path would leave an empty file behind.
            if (!_createSchema && _dialect.IsCertainlyAbsent(_dataSource))
            {
                throw new InvalidOperationException(_dialect.AbsentDatabaseMessage(_dataSource));
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await _dialect.InitializeAsync(connection, _createSchema, cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<string?> DescribeAbsenceAsync(CancellationToken cancellationToken)
    {
        if (_initialized || _readable)
        {
            return null;
        }

        if (_dialect.IsCertainlyAbsent(_dataSource))
        {
            return _dialect.AbsentDatabaseNote(_dataSource) + ": nothing has run with this configuration";
        }

        var connection = await OpenForReadingAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return $"the job repository's {DatabaseName} database has no Batch tables yet: nothing has run with this configuration";
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// A context for the explorer's reads, on its own pooled connection; null when there is no repository yet (a SQLite file that
    /// does not exist, or a database without the meta tables), which a read reports as empty. A read never creates the file or the
    /// schema and never takes a write lock: it only checks, with a read, that the tables are there.
    /// </summary>
    private async ValueTask<DbConnection?> OpenForReadingAsync(CancellationToken cancellationToken)
    {
        if (!_initialized && !_readable)
        {
            if (_dialect.IsCertainlyAbsent(_dataSource))
            {
                return null;
            }

            var probe = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if ((await _dialect.FindMissingTablesAsync(probe, cancellationToken).ConfigureAwait(false)).Count > 0)
                {
                    await probe.DisposeAsync().ConfigureAwait(false);
                    return null;
                }
            }
            catch
            {
                await probe.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _readable = true;
            return probe;
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }
}
