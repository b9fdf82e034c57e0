using System.Data.Common;
using Batch.Items;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Database;

/// <summary>
/// Inserts each chunk through the chunk's own connection and transaction, so the rows commit atomically with the step's
/// checkpoint (exactly once across a crash and restart). On a provider that sends a <see cref="DbBatch"/> in one round trip
/// (Npgsql) a chunk is one batch of the prepared INSERT; otherwise (SQLite, in process) the prepared INSERT runs once per row.
/// Upsert and ignore-duplicates modes use <c>INSERT … ON CONFLICT</c> (PostgreSQL and SQLite).
/// </summary>
/// <remarks>
/// <para>
/// The statement and its parameters are created and prepared once per step on the step's connection (every chunk of a step
/// uses the same one), and only their values change per item. In <see cref="DuplicateKeyMode.Ignore"/> mode the rows the
/// database skipped (the chunk's size minus the affected-row count) are counted in the step's context
/// (<see cref="DuplicateKeyCounts"/>) and logged.
/// </para>
/// <para>
/// It writes to the job repository's database. To write to another database, a writer needs its own connection and
/// transaction, which commit before the checkpoint: a crash between the two writes the chunk again at restart (at least once);
/// <see cref="DuplicateKeyMode.Ignore"/> or <see cref="DuplicateKeyMode.Update"/> then make the repeat harmless.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// .Writer(ctx =&gt; new DbBatchItemWriter&lt;Order&gt;(new DbBatchWriterOptions&lt;Order&gt;
/// {
///     Table = "orders",
///     Columns = ["id", "customer", "amount"],
///     KeyColumns = ["id"],
///     OnDuplicateKey = DuplicateKeyMode.Ignore, // seed 001's ignoredup
///     Binder = (o, p) =&gt; { p[0].Value = o.Id; p[1].Value = o.Customer; p[2].Value = o.Amount; },
/// }, ctx.LoggerFactory))
/// </code>
/// </example>
/// <typeparam name="T">The item type.</typeparam>
public sealed class DbBatchItemWriter<T> : IItemWriter<T>, IItemStream
{
    private readonly DbBatchWriterOptions<T> _options;
    private readonly Action<T, DbParameterCollection> _binder;
    private readonly string _sql;
    private readonly string[] _parameterNames;
    private readonly IgnoredDuplicateTally? _ignored;
    private DbConnection? _connection;
    private DbBatch? _batch;
    private DbCommand? _insert;
    private bool _insertPrepared;

    /// <summary>Creates the writer.</summary>
    /// <param name="options">The table, columns, binder and duplicate-key mode.</param>
    /// <param name="loggerFactory">Where ignored duplicates are logged (the step's <c>ctx.LoggerFactory</c>); none when null.</param>
    /// <exception cref="ArgumentException">The options are incomplete or a name is not a SQL name; the message says which.</exception>
    public DbBatchItemWriter(DbBatchWriterOptions<T> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _binder = options.Binder!;
        _sql = InsertStatement.Values(options.Table!, options.Columns, options.KeyColumns, options.OnDuplicateKey);
        _parameterNames = InsertStatement.ParameterNames(options.Columns.Count);
        _ignored = options.OnDuplicateKey == DuplicateKeyMode.Ignore ? new IgnoredDuplicateTally(options.Name, options.Table!, options.IgnoredDuplicatesLogLevel, loggerFactory) : null;
    }

    /// <summary>The statement run for each item.</summary>
    public string Sql => _sql;

    /// <inheritdoc />
    public async ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var connection = chunk.Transaction.GetConnection();
        var transaction = chunk.Transaction.GetTransaction();
        if (!ReferenceEquals(connection, _connection))
        {
            await ReleaseAsync().ConfigureAwait(false);
            _connection = connection;
        }

        var affected = connection.CanCreateBatch
            ? await WriteBatchAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false)
            : await WriteRowsAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
        _ignored?.Record(chunk.Transaction, Math.Max(0, chunk.Count - affected));
    }

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        _ignored?.Update(executionContext);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _ignored?.Close();
        await ReleaseAsync().ConfigureAwait(false);
    }

    private async ValueTask<long> WriteBatchAsync(DbConnection connection, DbTransaction transaction, Chunk<T> chunk, CancellationToken cancellationToken)
    {
        var batch = _batch;
        var prepare = false;
        if (batch is null || batch.BatchCommands.Count != chunk.Count)
        {
            // A batch of another size (the first chunk, a shorter last one, a fault-tolerant scan's single items) is built
            // anew: Npgsql will not run a changed prepared batch again. Its statements are already prepared on the connection
            // after the first chunk, so preparing costs no round trip then.
            if (batch is not null)
            {
                await batch.DisposeAsync().ConfigureAwait(false);
            }

            batch = _batch = connection.CreateBatch();
            for (var i = 0; i < chunk.Count; i++)
            {
                var row = batch.CreateBatchCommand();
                row.CommandText = _sql;
                foreach (var name in _parameterNames)
                {
                    var parameter = row.CreateParameter();
                    parameter.ParameterName = name;
                    row.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(row);
            }

            prepare = true;
        }

        var commands = batch.BatchCommands;
        var items = chunk.AsSpan();
        for (var i = 0; i < items.Length; i++)
        {
            _binder(items[i], commands[i].Parameters);
        }

        batch.Transaction = transaction;
        if (prepare)
        {
            // Prepared, the batch runs again with new values at the next chunk (Npgsql 10 refuses to run an unprepared
            // batch a second time).
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }

        return await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<long> WriteRowsAsync(DbConnection connection, DbTransaction transaction, Chunk<T> chunk, CancellationToken cancellationToken)
    {
        var insert = _insert;
        if (insert is null)
        {
            insert = _insert = connection.CreateCommand();
            insert.CommandText = _sql;
            foreach (var name in _parameterNames)
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                insert.Parameters.Add(parameter);
            }
        }

        insert.Transaction = transaction;
        long affected = 0;
        for (var i = 0; i < chunk.Count; i++)
        {
            _binder(chunk[i], insert.Parameters);
            if (!_insertPrepared)
            {
                await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
                _insertPrepared = true;
            }

            affected += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return affected;
    }

    private async ValueTask ReleaseAsync()
    {
        if (_batch is not null)
        {
            await _batch.DisposeAsync().ConfigureAwait(false);
            _batch = null;
        }

        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
            _insert = null;
            _insertPrepared = false;
        }

        _connection = null;
    }
}
