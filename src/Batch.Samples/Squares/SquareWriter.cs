using System.Text;
using Batch.Items;

namespace Batch.Samples.Squares;

/// <summary>
/// Inserts the squares of a chunk with one parameterised multi-row INSERT, inside the chunk's transaction:
/// the rows and the step's checkpoint commit together, so a restart neither loses nor duplicates a row
/// (the primary key would refuse a duplicate).
/// </summary>
internal sealed class SquareWriter(long instanceId) : IItemWriter<Square>
{
    private string? _sql;
    private int _sqlRows;

    public async ValueTask WriteAsync(Chunk<Square> chunk, CancellationToken cancellationToken)
    {
        var (connection, transaction) = SquareTable.Require(chunk.Transaction);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql(chunk.Count);
        SquareTable.AddParameter(command, "@instance", instanceId);
        var items = chunk.AsSpan();
        for (var i = 0; i < items.Length; i++)
        {
            SquareTable.AddParameter(command, "@n" + i, items[i].Number);
            SquareTable.AddParameter(command, "@s" + i, items[i].Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string Sql(int rows)
    {
        if (_sql is null || _sqlRows != rows)
        {
            var sql = new StringBuilder("INSERT INTO SAMPLE_SQUARES (INSTANCE_ID, N, SQUARE) VALUES ");
            for (var i = 0; i < rows; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Append("(@instance, @n").Append(i).Append(", @s").Append(i).Append(')');
            }

            _sql = sql.ToString();
            _sqlRows = rows;
        }

        return _sql;
    }
}
