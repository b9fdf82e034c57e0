using Batch.Items;
using Npgsql;

namespace Batch.Infrastructure.Database;

/// <summary>
/// The statements and the COPY loop of the PostgreSQL COPY writers (<see cref="PostgresCopyItemWriter{T}"/> in the chunk's
/// transaction, <see cref="ExternalPostgresCopyItemWriter{T}"/> in one of its own): straight into the table in
/// <see cref="DuplicateKeyMode.Fail"/> mode; otherwise into a session temp table, moved with one <c>INSERT … SELECT … ON CONFLICT</c>
/// that also empties it.
/// </summary>
internal sealed class PostgresChunkCopy<T>
{
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

        var stage = "batch_copy_" + SqlIdentifier.Flatten(table);
        _createStage = $"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {columns} FROM {table} WITH NO DATA";
        _copy = $"COPY {stage} ({columns}) FROM STDIN (FORMAT BINARY)";
        _move = $"WITH batch_moved AS (DELETE FROM {stage} RETURNING {columns}) "
            + InsertStatement.Select(table, options.Columns, options.KeyColumns, options.OnDuplicateKey, "batch_moved");
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
