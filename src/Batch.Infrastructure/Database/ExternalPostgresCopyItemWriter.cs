using Batch.Items;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Batch.Infrastructure.Database;

/// <summary>
/// Loads each chunk with binary COPY into a PostgreSQL database that is <b>not</b> the job repository's — a warehouse, the
/// collector's target database — on a connection and transaction of its own, committed before the step's checkpoint.
/// </summary>
/// <remarks>
/// <para>
/// The write commits before the checkpoint, so a crash between the two makes the restart write that chunk again: at least
/// once. That is why the writer requires <see cref="DuplicateKeyMode.Ignore"/> or <see cref="DuplicateKeyMode.Update"/> with
/// the table's unique key: each chunk is COPYed into a temporary table of the session and moved with one
/// <c>INSERT … SELECT … ON CONFLICT</c> in the same transaction, so a chunk written again leaves every row once. Rows found
/// already there are logged (on <c>Batch.Step</c>), as a restart after such a crash expects. When the target is the repository's
/// database, use <see cref="PostgresCopyItemWriter{T}"/>: exactly once in the chunk's transaction.
/// </para>
/// <para>
/// The writer opens one connection from the data source when the step opens it and keeps it for the step (a connection that
/// broke is replaced at the next chunk); a database it cannot reach fails the step with an <see cref="ItemStreamException"/>
/// naming it (never its password).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// .Writer(ctx =&gt; new ExternalPostgresCopyItemWriter&lt;Order&gt;(warehouse, new PostgresCopyWriterOptions&lt;Order&gt;
/// {
///     Table = "orders",
///     Columns = ["id", "customer"],
///     KeyColumns = ["id"],
///     OnDuplicateKey = DuplicateKeyMode.Ignore,
///     WriteRow = async (o, row, ct) =&gt;
///     {
///         await row.WriteAsync(o.Id, NpgsqlDbType.Bigint, ct);
///         await row.WriteAsync(o.Customer, NpgsqlDbType.Text, ct);
///     },
/// }, ctx.LoggerFactory))
/// </code>
/// </example>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ExternalPostgresCopyItemWriter<T> : IItemWriter<T>, IItemStream
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresCopyWriterOptions<T> _options;
    private readonly PostgresChunkCopy<T> _copy;
    private readonly ILogger _logger;
    private NpgsqlConnection? _connection;
    private long _alreadyThere;

    /// <summary>Creates the writer.</summary>
    /// <param name="dataSource">The target database (not the job repository's).</param>
    /// <param name="options">The table, columns, key, row writer; <see cref="PostgresCopyWriterOptions{T}.OnDuplicateKey"/> must be Ignore or Update.</param>
    /// <param name="loggerFactory">Where rows already in the table are logged (the step's <c>ctx.LoggerFactory</c>); none when null.</param>
    /// <exception cref="ArgumentException">The options are incomplete, a name is not a SQL name, or the duplicate-key mode is Fail.</exception>
    public ExternalPostgresCopyItemWriter(NpgsqlDataSource dataSource, PostgresCopyWriterOptions<T> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.OnDuplicateKey == DuplicateKeyMode.Fail)
        {
            throw new ArgumentException(
                "A COPY into a database other than the job repository's commits before the checkpoint, so a restart can write a chunk again: " +
                "set OnDuplicateKey to Ignore (with the table's KeyColumns) or Update, so that a chunk written twice leaves every row once.",
                nameof(options));
        }

        _dataSource = dataSource;
        _options = options;
        _copy = new PostgresChunkCopy<T>(options);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(BatchLogCategories.Step);
    }

    /// <summary>Rows found already in the table (and ignored or updated) during this step execution.</summary>
    public long RowsAlreadyThere => _alreadyThere;

    /// <inheritdoc />
    public async ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
        _connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Count == 0)
        {
            return;
        }

        if (_connection is null || _connection.FullState != System.Data.ConnectionState.Open)
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }

            _connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = _connection;
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var inserted = await _copy.CopyAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false) ?? chunk.Count;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            var already = _options.OnDuplicateKey == DuplicateKeyMode.Ignore ? Math.Max(0, chunk.Count - inserted) : 0;
            if (already > 0)
            {
                _alreadyThere += already;
                ExternalCopyLog.RowsAlreadyThere(_logger, _options.Name, already, _options.Table!);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new ItemStreamException(
                $"Writer '{_options.Name}' cannot connect to the database {DataSourceDescription.Describe(_dataSource)}: {ex.Message} " +
                "Check that the server is running, reachable and that the database exists; a restart writes from the last committed chunk.",
                ex);
        }
    }
}
