using Batch.Items;
using Npgsql;

namespace Batch.Infrastructure.Database;

/// <summary>
/// The statements and the COPY loop of the PostgreSQL COPY writers (<see cref="PostgresCopyItemWriter{T}"/> in the chunk's
/// transaction, <see cref="ExternalPostgresCopyItemWriter{T}"/> in one of its own): straight into the table in
/// <see cref="DuplicateKeyMode.Fail"/> mode; otherwise into a session temp table, moved with one <c>INSERT … SELECT … ON CONFLICT</c>
/// that also empties it. Each staged row carries its place in the chunk, so rows of one chunk that share a key end as the batched
/// writer leaves them, one row after the other: an upsert keeps the last (one INSERT cannot update a row twice, so only the last of
/// each key is moved), ignore-duplicates the first.
/// </summary>
internal sealed class PostgresChunkCopy<T>
{
    /// <summary>The stage's column of each row's place in its chunk.</summary>
    private const string RowColumn = "batch_row";

    private readonly Func<T, NpgsqlBinaryImporter, CancellationToken, Task> _writeRow;
    private readonly string _copy;
    private readonly string? _createStage;
    private readonly string? _move;

    public PostgresChunkCopy(PostgresCopyWriterOptions<T> options)
    {
        _writeRow = options.WriteRow!;
        var table = options.Table!;
        var columns = string.Join(", ", options.Columns);
        if (options.OnDuplicateKey == DuplicateKeyMode.Fail)
        {
            _copy = $"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)";
            return;
        }

        if (options.Columns.Contains(RowColumn, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The column name '{RowColumn}' is the COPY writer's own in its Ignore and Update modes: rename the table's column or use DuplicateKeyMode.Fail.", nameof(options));
        }

        // A name of its own: a pooled session may still hold an earlier version's stage (batch_copy_…), which had no row number.
        var stage = "batch_stage_" + SqlIdentifier.Flatten(table);
        _createStage = $"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {columns}, 0::bigint AS {RowColumn} FROM {table} WITH NO DATA";
        _copy = $"COPY {stage} ({columns}, {RowColumn}) FROM STDIN (FORMAT BINARY)";
        var source = options.OnDuplicateKey == DuplicateKeyMode.Update
            ? $"(SELECT DISTINCT ON ({string.Join(", ", options.KeyColumns)}) {columns}, {RowColumn} FROM batch_moved ORDER BY {string.Join(", ", options.KeyColumns)}, {RowColumn} DESC) batch_last"
            : "batch_moved";
        _move = $"WITH batch_moved AS (DELETE FROM {stage} RETURNING {columns}, {RowColumn}) "
            + InsertStatement.Select(table, options.Columns, options.KeyColumns, options.OnDuplicateKey, source, orderBy: RowColumn);
    }

    /// <summary>Copies the chunk in the transaction; returns the rows the move inserted (or updated), or null without a stage.</summary>
    public async Task<int?> CopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Chunk<T> chunk, CancellationToken cancellationToken)
    {
        if (_createStage is not null)
        {
            // IF NOT EXISTS each chunk: a stage created in a chunk that was rolled back is gone with it.
            await using var create = new NpgsqlCommand(_createStage, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var importer = await connection.BeginBinaryImportAsync(_copy, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await _writeRow(chunk[i], importer, cancellationToken).ConfigureAwait(false);
                if (_move is not null)
                {
                    await importer.WriteAsync((long)i, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_move is null)
        {
            return null;
        }

        await using var move = new NpgsqlCommand(_move, connection, transaction);
        return await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
