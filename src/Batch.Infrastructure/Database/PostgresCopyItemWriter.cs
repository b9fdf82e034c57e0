using Batch.Items;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Batch.Infrastructure.Database;

/// <summary>
/// Loads each chunk into PostgreSQL with binary COPY (<see cref="NpgsqlBinaryImporter"/>) on the chunk's own connection and
/// transaction: the fast path for bulk loads, and still exactly once, because the rows commit atomically with the step's
/// checkpoint. A crash at any moment leaves either the whole chunk with its checkpoint or neither.
/// </summary>
/// <remarks>
/// COPY cannot skip a duplicate key: a conflict fails the chunk. With <see cref="DuplicateKeyMode.Ignore"/> (seed 001's
/// <c>ignoredup</c>) or <see cref="DuplicateKeyMode.Update"/>, the chunk is copied into a temporary table of the session and
/// moved into the table with one <c>INSERT … SELECT … ON CONFLICT</c> that also empties it; the rows skipped are counted in the
/// step's context (<see cref="DuplicateKeyCounts"/>) and logged. In Update mode two rows of one chunk with the same key fail
/// the chunk (PostgreSQL will not update a row twice in one statement). Needs the PostgreSQL job repository.
/// </remarks>
/// <example>
/// <code>
/// .Writer(ctx =&gt; new PostgresCopyItemWriter&lt;Order&gt;(new PostgresCopyWriterOptions&lt;Order&gt;
/// {
///     Table = "orders",
///     Columns = ["id", "customer", "amount"],
///     WriteRow = async (o, row, ct) =&gt;
///     {
///         await row.WriteAsync(o.Id, NpgsqlDbType.Bigint, ct);
///         await row.WriteAsync(o.Customer, NpgsqlDbType.Text, ct);
///         await row.WriteAsync(o.Amount, NpgsqlDbType.Numeric, ct);
///     },
/// }))
/// </code>
/// </example>
/// <typeparam name="T">The item type.</typeparam>
public sealed class PostgresCopyItemWriter<T> : IItemWriter<T>, IItemStream
{
    private readonly Func<T, NpgsqlBinaryImporter, CancellationToken, Task> _writeRow;
    private readonly string _copy;
    private readonly string? _createStage;
    private readonly string? _move;
    private readonly IgnoredDuplicateTally? _ignored;

    /// <summary>Creates the writer.</summary>
    /// <param name="options">The table, columns, row writer and duplicate-key mode.</param>
    /// <param name="loggerFactory">Where ignored duplicates are logged (the step's <c>ctx.LoggerFactory</c>); none when null.</param>
    /// <exception cref="ArgumentException">The options are incomplete or a name is not a SQL name; the message says which.</exception>
    public PostgresCopyItemWriter(PostgresCopyWriterOptions<T> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _writeRow = options.WriteRow!;
        var table = options.Table!;
        var columns = string.Join(", ", options.Columns);
        if (options.OnDuplicateKey == DuplicateKeyMode.Fail)
        {
            _copy = $"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)";
        }
        else
        {
            var stage = "batch_copy_" + SqlIdentifier.Flatten(table);
            _createStage = $"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {columns} FROM {table} WITH NO DATA";
            _copy = $"COPY {stage} ({columns}) FROM STDIN (FORMAT BINARY)";
            var moved = $"WITH batch_moved AS (DELETE FROM {stage} RETURNING {columns}) ";
            _move = moved + InsertStatement.Select(table, options.Columns, options.KeyColumns, options.OnDuplicateKey, "batch_moved");
        }

        _ignored = options.OnDuplicateKey == DuplicateKeyMode.Ignore ? new IgnoredDuplicateTally(options.Name, table, loggerFactory) : null;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var connection = chunk.Transaction.GetConnection<NpgsqlConnection>();
        var transaction = chunk.Transaction.GetTransaction(); // begins it where the repository begins lazily
        if (_createStage is not null)
        {
            // IF NOT EXISTS each chunk: a stage created in a chunk that was rolled back is gone with it.
            await using var create = new NpgsqlCommand(_createStage, connection, (NpgsqlTransaction)transaction);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var importer = await connection.BeginBinaryImportAsync(_copy, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await _writeRow(chunk[i], importer, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_move is not null)
        {
            await using var move = new NpgsqlCommand(_move, connection, (NpgsqlTransaction)transaction);
            var inserted = await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _ignored?.Record(chunk.Transaction, Math.Max(0, chunk.Count - inserted));
        }
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
    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _ignored?.Close();
        return ValueTask.CompletedTask;
    }
}
