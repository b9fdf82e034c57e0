using System.Data.Common;
using Batch.Items;
using Batch.Model;
using Batch.Repository;

namespace Samples.Squares;

/// <summary>
/// Inserts the squares of a chunk inside the chunk's transaction: the rows and the step's checkpoint commit
/// together, so a restart neither loses nor duplicates a row (the primary key would refuse a duplicate).
/// </summary>
/// <remarks>
/// The INSERT is built once and kept: every chunk of a step runs on the same connection (the step's chunk
/// session), so the statement is parsed once per step, not once per chunk. On a database whose provider sends
/// a batch in one round trip (PostgreSQL) the chunk's rows go as one batch of that INSERT; otherwise (SQLite,
/// in process, no round trips) the prepared INSERT runs once per row.
/// </remarks>
internal sealed class SquareWriter(long instanceId) : IItemWriter<Square>, IItemStream
{
    private const string InsertSql = "INSERT INTO SAMPLE_SQUARES (INSTANCE_ID, N, SQUARE) VALUES (@instance, @n, @s)";

    private DbConnection? _connection;
    private DbCommand? _insert;
    private DbBatch? _batch;

    public async ValueTask WriteAsync(Chunk<Square> chunk, CancellationToken cancellationToken)
    {
        var connection = chunk.Transaction.GetConnection();
        var transaction = chunk.Transaction.GetTransaction();
        if (!ReferenceEquals(connection, _connection))
        {
            await ReleaseAsync();
            _connection = connection;
        }

        if (connection.CanCreateBatch)
        {
            var items = chunk.AsSpan();
            var batch = _batch ??= connection.CreateBatch();
            var grown = false;
            while (batch.BatchCommands.Count < items.Length)
            {
                grown = true;
                var row = batch.CreateBatchCommand();
                row.CommandText = InsertSql;
                foreach (var name in new[] { "@instance", "@n", "@s" })
                {
                    var parameter = row.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = 0L;
                    row.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(row);
            }

            while (batch.BatchCommands.Count > items.Length)
            {
                batch.BatchCommands.RemoveAt(batch.BatchCommands.Count - 1);
            }

            for (var i = 0; i < items.Length; i++)
            {
                var parameters = batch.BatchCommands[i].Parameters;
                parameters[0].Value = instanceId;
                parameters[1].Value = items[i].Number;
                parameters[2].Value = items[i].Value;
            }

            batch.Transaction = transaction;
            if (grown)
            {
                // Prepared, the batch runs again with new values at the next chunk (Npgsql 10 refuses to run an
                // unprepared batch a second time: "Missing type info or binding info").
                await batch.PrepareAsync(cancellationToken);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        var insert = _insert;
        if (insert is null)
        {
            insert = _insert = connection.CreateCommand();
            insert.CommandText = InsertSql;
            SquareTable.AddParameter(insert, "@instance", instanceId);
            SquareTable.AddParameter(insert, "@n", 0L);
            SquareTable.AddParameter(insert, "@s", 0L);
        }

        insert.Transaction = transaction;
        for (var i = 0; i < chunk.Count; i++)
        {
            insert.Parameters[1].Value = chunk[i].Number;
            insert.Parameters[2].Value = chunk[i].Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask CloseAsync(CancellationToken cancellationToken) => await ReleaseAsync();

    private async ValueTask ReleaseAsync()
    {
        if (_batch is not null)
        {
            await _batch.DisposeAsync();
            _batch = null;
        }

        if (_insert is not null)
        {
            await _insert.DisposeAsync();
            _insert = null;
        }

        _connection = null;
    }
}
