using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Samples.Pass;

/// <summary>
/// The seed command's fast path on PostgreSQL: inserts rows of a pass table with binary <c>COPY</c> instead of <c>SaveChanges</c>, in the
/// connection's open transaction. The table, the columns and each value's conversion (upper-case statuses, UTC times) come from the
/// EF Core model, so a row is stored exactly as EF Core stores it. The ids of a table with an identity key are reserved from its
/// sequence in one statement and written explicitly: the same ids <c>SaveChanges</c> gets (1, 2, 3, … in a new table), and the
/// sequence moves past them, so rows inserted later get the next ones.
/// </summary>
internal static class PassTableCopy
{
    /// <summary>Copies <paramref name="rows"/> into their table, in order, setting each row's id through <paramref name="setId"/> when the table has an identity key.</summary>
    public static async Task CopyAsync<T>(PassDbContext db, NpgsqlConnection connection, IReadOnlyList<T> rows, Action<T, long>? setId, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not a pass table.");
        var table = entity.GetTableName()!;
        var key = entity.FindPrimaryKey()!.Properties;
        var identity = key is [{ ValueGenerated: ValueGenerated.OnAdd } id] ? id : null;
        if (identity is not null)
        {
            if (setId is null)
            {
                throw new ArgumentException($"{typeof(T).Name} has an identity key: give the id setter.", nameof(setId));
            }

            var first = await ReserveIdsAsync(connection, table, identity.GetColumnName(), rows.Count, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                setId(rows[i], first + i);
            }
        }

        var columns = entity.GetProperties().Select(p => new Column(p)).ToArray();
        var names = string.Join(", ", columns.Select(c => c.Name));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = column.ValueOf(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, column.DataType, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Takes <paramref name="count"/> ids from the column's identity sequence at once; returns the first.</summary>
    private static async Task<long> ReserveIdsAsync(NpgsqlConnection connection, string table, string column, int count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT setval(s.name, nextval(s.name) + @count - 1) - @count + 1 FROM (SELECT pg_get_serial_sequence(@table, @column)::regclass AS name) s", connection);
        command.Parameters.AddWithValue("count", (long)count);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("column", column);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A column: its name, its PostgreSQL type (without a length) and how a row's value is read and converted as EF Core would.</summary>
    private sealed class Column(IProperty property)
    {
        private readonly IClrPropertyGetter _getter = property.GetGetter();
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? _converter = property.GetTypeMapping().Converter;

        public string Name { get; } = property.GetColumnName();

        public string DataType { get; } = StoreTypeWithoutFacets(property.GetRelationalTypeMapping().StoreType);

        public object? ValueOf(object row)
        {
            var value = _getter.GetClrValueUsingContainingEntity(row);
            return value is null || _converter is null ? value : _converter.ConvertToProvider(value);
        }

        private static string StoreTypeWithoutFacets(string storeType)
        {
            var open = storeType.IndexOf('(', StringComparison.Ordinal);
            return open < 0 ? storeType : storeType[..open].TrimEnd();
        }
    }
}
