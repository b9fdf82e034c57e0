using System.Text;

namespace Batch.Infrastructure.Database;

/// <summary>
/// The INSERT of the database writers, with its duplicate-key clause. <c>INSERT … ON CONFLICT</c> is written the same on
/// PostgreSQL (9.5+) and SQLite (3.24+).
/// </summary>
internal static class InsertStatement
{
    /// <summary><c>INSERT INTO t (a, b) VALUES (@p0, @p1)</c> with the clause for <paramref name="mode"/>.</summary>
    public static string Values(string table, IReadOnlyList<string> columns, IReadOnlyList<string>? keyColumns, DuplicateKeyMode mode)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES (");
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(i == 0 ? "@p" : ", @p").Append(i);
        }

        return sql.Append(')').Append(OnConflict(columns, keyColumns, mode)).ToString();
    }

    /// <summary>
    /// <c>INSERT INTO t (a, b) SELECT a, b FROM source</c> with the clause for <paramref name="mode"/>, the rows taken in the order
    /// of <paramref name="orderBy"/> when one is given (so that of two rows with one key, the first is inserted and the second is the duplicate).
    /// </summary>
    public static string Select(string table, IReadOnlyList<string> columns, IReadOnlyList<string>? keyColumns, DuplicateKeyMode mode, string source, string? orderBy = null)
    {
        var list = string.Join(", ", columns);
        var order = orderBy is null ? string.Empty : " ORDER BY " + orderBy;
        // WHERE true: SQLite's parser needs it before ON CONFLICT after a SELECT; PostgreSQL accepts it.
        return $"INSERT INTO {table} ({list}) SELECT {list} FROM {source} WHERE true{order}{OnConflict(columns, keyColumns, mode)}";
    }

    /// <summary>The parameter names of <see cref="Values"/>: <c>@p0</c>, <c>@p1</c>, ….</summary>
    public static string[] ParameterNames(int count) => [.. Enumerable.Range(0, count).Select(i => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string OnConflict(IReadOnlyList<string> columns, IReadOnlyList<string>? keyColumns, DuplicateKeyMode mode)
    {
        switch (mode)
        {
            case DuplicateKeyMode.Fail:
                return string.Empty;
            case DuplicateKeyMode.Ignore:
                return keyColumns is { Count: > 0 } ? $" ON CONFLICT ({string.Join(", ", keyColumns)}) DO NOTHING" : " ON CONFLICT DO NOTHING";
            case DuplicateKeyMode.Update:
                if (keyColumns is not { Count: > 0 })
                {
                    throw new ArgumentException("An upsert (DuplicateKeyMode.Update) needs the key columns of the unique constraint: set KeyColumns.", nameof(keyColumns));
                }

                var updated = columns.Where(c => !keyColumns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToArray();
                return updated.Length == 0
                    ? $" ON CONFLICT ({string.Join(", ", keyColumns)}) DO NOTHING"
                    : $" ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET {string.Join(", ", updated.Select(c => $"{c} = excluded.{c}"))}";
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown duplicate-key mode.");
        }
    }
}
