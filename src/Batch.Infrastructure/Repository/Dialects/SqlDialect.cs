using System.Data.Common;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>
/// What differs between the databases the relational job repository runs on. The statements are the
/// same text everywhere (see <see cref="Sql.RepositorySql"/>); a dialect only knows how to recognise a
/// unique violation, whether to send the checkpoint's two statements in one round trip, and how to
/// create the schema safely when several processes start at once.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The database's name, for messages ("PostgreSQL", "SQLite").</summary>
    public abstract string DisplayName { get; }

    /// <summary>The name of the embedded create script.</summary>
    public abstract string SchemaResourceName { get; }

    /// <summary>Whether the provider sends a <see cref="DbBatch"/> in one round trip (so a checkpoint with a changed context costs one).</summary>
    public abstract bool UseBatches { get; }

    /// <summary>
    /// Whether an UPDATE … RETURNING costs about what the plain UPDATE does. Where it does not, a checkpoint's UPDATE returns
    /// nothing and matches only while the job is not stopping (<see cref="Sql.RepositorySql.UnlessJobStopping"/>): one statement
    /// whose row count is the outcome, and a second only on the chunk that finds the job stopping or its version stale.
    /// </summary>
    public virtual bool ReturnsRowsCheaply => true;

    /// <summary>Whether statements run at every chunk are worth preparing once per step (the server then parses and plans them once).</summary>
    public virtual bool PreparesStatements => false;

    /// <summary>Gives a parameter that carries a UTC time (or null) its database type, so a prepared statement keeps it when the value is null.</summary>
    /// <param name="parameter">The parameter.</param>
    public virtual void TypeTimeParameter(DbParameter parameter)
    {
    }

    /// <summary>
    /// Whether a launch that creates its instance inserts the instance, the execution and its parameters in one statement
    /// (data-modifying CTEs: PostgreSQL), committed on its own, instead of three in a transaction.
    /// </summary>
    public virtual bool LaunchesNewInstanceInOneStatement => false;

    /// <summary>Whether the exception is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>The six meta tables, in the order the create script makes them.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION", "BATCH_JOB_EXECUTION_PARAMS",
        "BATCH_STEP_EXECUTION", "BATCH_STEP_EXECUTION_CONTEXT", "BATCH_JOB_EXECUTION_CONTEXT",
    ];

    /// <summary>The create script's path in the repository's sources, for messages (<c>schema/sqlite/create.sql</c>).</summary>
    public abstract string SchemaFile { get; }

    /// <summary>The builder method that chooses this repository, for messages (<c>UseSqlite</c>).</summary>
    protected abstract string UseMethod { get; }

    /// <summary>Whether a chunk's transaction begins only when its writer first uses it, or at its commit (see <see cref="RelationalChunkTransaction"/>).</summary>
    public virtual bool BeginsChunksLazily => false;

    /// <summary>A query that returns the name of every table the connection sees (in its schema), one per row.</summary>
    protected abstract string ListTablesSql { get; }

    /// <summary>True when the database certainly does not exist yet (a SQLite file that is missing), so a read need not open it — which would create it.</summary>
    /// <param name="dataSource">The repository's data source.</param>
    public virtual bool IsCertainlyAbsent(DbDataSource dataSource) => false;

    /// <summary>
    /// The message of a database that <see cref="IsCertainlyAbsent"/> says is not there, when creating the schema is off: by default the
    /// missing schema's (<see cref="MissingSchemaMessage"/>).
    /// </summary>
    /// <param name="dataSource">The repository's data source.</param>
    public virtual string AbsentDatabaseMessage(DbDataSource dataSource) => MissingSchemaMessage(Tables);

    /// <summary>What a database that <see cref="IsCertainlyAbsent"/> says is not there is, for <c>IJobExplorer.DescribeAbsenceAsync</c>.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <returns>The words naming it.</returns>
    public virtual string AbsentDatabaseNote(DbDataSource dataSource) => $"the job repository's {DisplayName} database does not exist yet";

    /// <summary>The meta tables the database lacks (none when the schema is there): a read, which takes no lock a writer waits for.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<IReadOnlyList<string>> FindMissingTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ListTablesSql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                present.Add(reader.GetString(0));
            }
        }

        return [.. Tables.Where(t => !present.Contains(t))];
    }

    /// <summary>
    /// Prepares the database for a command that writes: checks (with a read) that the schema is there; when it is not,
    /// creates it if <paramref name="createSchema"/> says so (idempotently, safe when several processes start at once),
    /// and otherwise fails with a message naming the missing table and how to create it.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="createSchema">Whether to create a missing schema.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="InvalidOperationException">The schema is missing and <paramref name="createSchema"/> is false.</exception>
    public async Task InitializeAsync(DbConnection connection, bool createSchema, CancellationToken cancellationToken)
    {
        var missing = await FindMissingTablesAsync(connection, cancellationToken).ConfigureAwait(false);
        if (missing.Count == 0)
        {
            await PrepareExistingAsync(connection, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!createSchema)
        {
            throw new InvalidOperationException(MissingSchemaMessage(missing));
        }

        await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message of a missing schema: which table, and the two ways to create it.</summary>
    /// <param name="missing">The missing tables.</param>
    public string MissingSchemaMessage(IReadOnlyList<string> missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        var more = missing.Count > 1 ? $" (nor {missing.Count - 1} more of its {Tables.Count} meta tables)" : string.Empty;
        return $"The {DisplayName} job repository has no table {missing[0]}{more}, and creating the schema is off. " +
               $"Create it with the script {SchemaFile} (also embedded in Batch.Infrastructure), or let the repository create it: " +
               $"set CreateSchema = true (for example {UseMethod}(…, o => o.CreateSchema = true), or CreateSchema=true in the repository's configuration section).";
    }

    /// <summary>Runs the create script (idempotently, safe when several processes start at once).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Settles what a writing process needs of a database whose schema exists (nothing by default).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    protected virtual Task PrepareExistingAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The table of queued launches, beside the six meta tables (its own script, created on first use).</summary>
    public const string LaunchTicketTable = "BATCH_LAUNCH_TICKET";

    /// <summary>The launch queue's create script's path in the repository's sources, for messages (<c>schema/sqlite/launch-tickets.sql</c>).</summary>
    public abstract string LaunchTicketsFile { get; }

    /// <summary>Whether the database has the launch queue's table (a read).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<bool> HasLaunchTicketsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = ListTablesSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(reader.GetString(0), LaunchTicketTable, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates the launch queue's table (idempotently, safe when several processes start at once).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public abstract Task CreateLaunchTicketsAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Serialises the decisions of one launch group between processes, until <paramref name="transaction"/> ends. Nothing by default:
    /// SQLite's immediate transaction already holds the file's one write lock.
    /// </summary>
    /// <param name="connection">The transaction's connection.</param>
    /// <param name="transaction">The decision's transaction.</param>
    /// <param name="groupName">The group.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public virtual Task LockLaunchGroupAsync(DbConnection connection, DbTransaction transaction, string groupName, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Reads the embedded create script.</summary>
    protected string ReadCreateScript() => ReadScript(SchemaResourceName);

    /// <summary>Reads an embedded script.</summary>
    /// <param name="resourceName">Its resource name.</param>
    protected static string ReadScript(string resourceName)
    {
        using var stream = typeof(SqlDialect).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The schema script '{resourceName}' is not embedded in Batch.Infrastructure; the package is damaged.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
