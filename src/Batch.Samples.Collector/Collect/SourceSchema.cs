using System.Data;
using Npgsql;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>
/// Reads the registered columns of a source table from the source itself (a query for no rows): their types make the target
/// table and the Parquet schema. A column the source no longer has, or a table it no longer has, is the permanent error of seed
/// 000 — "the table structure changed" — and fails the table with a message saying so.
/// </summary>
internal static class SourceSchema
{
    public static async Task<IReadOnlyList<SourceColumn>> ReadAsync(NpgsqlDataSource source, TableEntry table, CancellationToken cancellationToken)
    {
        RegistryCheck.Require(table);
        try
        {
            await using var command = source.CreateCommand($"SELECT {string.Join(", ", table.Columns)} FROM {table.TableName} WHERE 1 = 0");
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SchemaOnly | CommandBehavior.KeyInfo, cancellationToken).ConfigureAwait(false);
            var schema = await reader.GetColumnSchemaAsync(cancellationToken).ConfigureAwait(false);
            var columns = new List<SourceColumn>(schema.Count);
            foreach (var column in schema)
            {
                var npgsql = (Npgsql.Schema.NpgsqlDbColumn)column;
                columns.Add(new SourceColumn(
                    table.Columns[columns.Count],
                    column.DataType ?? typeof(string),
                    npgsql.DataTypeName,
                    npgsql.PostgresType.DisplayName,
                    column.AllowDBNull != false,
                    column.NumericPrecision is > 0 and <= 38 ? column.NumericPrecision : null,
                    column.NumericScale is >= 0 and <= 38 && column.NumericPrecision is > 0 ? column.NumericScale : null));
            }

            return columns;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedTable)
        {
            throw new CollectorException(
                $"The source table {table.TableName} of connection {table.ConnectionNumber} no longer matches the registry ({ex.MessageText}): its structure changed. " +
                "This is a permanent error — every retry fails the same way until the source table or its entry in T_COLLECT_TABLE_0001 is fixed.", ex);
        }
    }
}
