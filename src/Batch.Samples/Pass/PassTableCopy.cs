using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Samples.Pass;

/// <summary>
/// The seed command's fast path on PostgreSQL: inserts rows of a pass table with binary <c>COPY</c> instead of <c>SaveChanges</c>, in the
/// connection's open transaction. The table, the columns and each value's conversion (upper-case statuses, UTC times) come from the
/// EF Core model, so a row is stored exactly as EF Core stores it. The ids of a table with an identity key are reserved from its
/// sequence in one statement and written explicitly: the same ids <c>SaveChanges</c> gets (1, 2, 3, … in a new table), and the
/// sequence moves past them, so rows inserted later get the next ones. The table's foreign keys and secondary indexes are dropped for
/// the load and made again after it, in the same transaction.
/// </summary>
internal static class PassTableCopy
{
    /// <summary>How long the server may take over one table's load, its indexes or a foreign key's check (a million rows on a busy machine).</summary>
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(10);

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
        var remake = await DropForeignKeysAndIndexesAsync(connection, table, cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            importer.Timeout = LoadTimeout;
            await WriteRowsAsync(importer, columns, rows, cancellationToken);
            await importer.CompleteAsync(cancellationToken);
        }

        foreach (var statement in remake)
        {
            await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = (int)LoadTimeout.TotalSeconds };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WriteRowsAsync<T>(NpgsqlBinaryImporter importer, Column[] columns, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
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
    }

    /// <summary>
    /// Drops the table's foreign keys and the indexes that back no constraint of it (the primary key stays), and returns the statements
    /// that make them again: after the load, each index is one sort and each foreign key one join, instead of an index insert and a
    /// lookup per row (ten times faster for a million bookings). All in the seed's transaction, so a failure leaves them as they were.
    /// </summary>
    private static async Task<List<string>> DropForeignKeysAndIndexesAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var drop = new List<string>();
        var make = new List<(bool ForeignKey, string Sql)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT true, format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
            FROM pg_constraint c WHERE c.conrelid = @table::text::regclass AND c.contype = 'f'
            UNION ALL
            SELECT false, format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = @table::text::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
            """, connection))
        {
            command.Parameters.AddWithValue("table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                drop.Add(reader.GetString(1));
                make.Add((reader.GetBoolean(0), reader.GetString(2)));
            }
        }

        foreach (var statement in drop)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // The indexes first: a foreign key's check reads the rows once, whatever indexes there are.
        return [.. make.OrderBy(m => m.ForeignKey).Select(m => m.Sql)];
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
