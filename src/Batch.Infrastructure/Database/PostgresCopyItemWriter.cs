using Batch.Items;
using Batch.Repository;
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
    private readonly PostgresChunkCopy<T> _copy;
    private readonly IgnoredDuplicateTally? _ignored;

    /// <summary>Creates the writer.</summary>
    /// <param name="options">The table, columns, row writer and duplicate-key mode.</param>
    /// <param name="loggerFactory">Where ignored duplicates are logged (the step's <c>ctx.LoggerFactory</c>); none when null.</param>
    /// <exception cref="ArgumentException">The options are incomplete or a name is not a SQL name; the message says which.</exception>
    public PostgresCopyItemWriter(PostgresCopyWriterOptions<T> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _copy = new PostgresChunkCopy<T>(options);
        _ignored = options.OnDuplicateKey == DuplicateKeyMode.Ignore ? new IgnoredDuplicateTally(options.Name, options.Table!, options.IgnoredDuplicatesLogLevel, loggerFactory) : null;
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var connection = chunk.Transaction.GetConnection<NpgsqlConnection>();
        var transaction = (NpgsqlTransaction)chunk.Transaction.GetTransaction(); // begins it where the repository begins lazily
        var copying = _copy.CopyAsync(connection, transaction, chunk, cancellationToken);
        // Straight into the table nothing is counted afterwards: the copy's task is handed on (no state machine of this method's own).
        return _ignored is null ? new ValueTask(copying) : RecordIgnoredAsync(copying, chunk.Transaction!, chunk.Count);
    }

    private async ValueTask RecordIgnoredAsync(Task<int?> copying, IChunkTransaction chunkTransaction, int count)
    {
        if (await copying.ConfigureAwait(false) is { } inserted)
        {
            _ignored!.Record(chunkTransaction, Math.Max(0, count - inserted));
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
