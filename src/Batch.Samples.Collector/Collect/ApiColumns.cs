using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>
/// The columns of an API resource, from its registered types (T_COLLECT_API_0001.COLUMN_TYPES): an API has no schema to ask, so
/// the registry says what each JSON field is. They make the target table and the Parquet schema as a database source's do, and turn
/// each item's JSON values into the row's values.
/// </summary>
internal static partial class ApiColumns
{
    /// <summary>The types an API field may be registered with.</summary>
    internal const string Known = "bigint, integer, smallint, numeric(p,s), double precision, real, boolean, text, varchar(n), date, timestamp, timestamptz, uuid";

    /// <summary>The columns of a resource; the key columns are NOT NULL (the target's primary key), the others nullable.</summary>
    /// <exception cref="CollectorException">A type is not one of <see cref="Known"/>, or the types do not match the columns.</exception>
    public static IReadOnlyList<SourceColumn> Of(TableEntry table)
    {
        var api = table.Api ?? throw new CollectorException($"{table.PartitionValue} is not an API resource: register it in T_COLLECT_API_0001.");
        if (api.ColumnTypes.Count != table.Columns.Count)
        {
            throw new CollectorException(
                $"T_COLLECT_API_0001 entry {table.PartitionValue}: COLUMN_TYPES has {api.ColumnTypes.Count} types for the {table.Columns.Count} columns of COLUMN_LIST; give one type per column, in order.");
        }

        var columns = new SourceColumn[table.Columns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var name = table.Columns[i];
            var nullable = !table.KeyColumns.Contains(name, StringComparer.Ordinal);
            columns[i] = Column(name, api.ColumnTypes[i], nullable)
                ?? throw new CollectorException($"T_COLLECT_API_0001 entry {table.PartitionValue}: COLUMN_TYPES '{api.ColumnTypes[i]}' of column {name} is not one of {Known}.");
        }

        return columns;
    }

    /// <summary>The value of an item's field as the column's type reads it (null for a missing or null field).</summary>
    /// <exception cref="FormatException">The JSON value is not of the column's type.</exception>
    public static object? Value(JsonElement item, SourceColumn column)
    {
        if (!item.TryGetProperty(column.Name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return column.ClrType switch
            {
                var t when t == typeof(long) => value.GetInt64(),
                var t when t == typeof(int) => value.GetInt32(),
                var t when t == typeof(short) => value.GetInt16(),
                var t when t == typeof(decimal) => value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : value.GetDecimal(),
                var t when t == typeof(double) => value.GetDouble(),
                var t when t == typeof(float) => value.GetSingle(),
                var t when t == typeof(bool) => value.GetBoolean(),
                var t when t == typeof(Guid) => value.GetGuid(),
                var t when t == typeof(DateTime) && column.IsDate => DateTime.ParseExact(value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                var t when t == typeof(DateTime) && column.WithTimeZone => value.GetDateTimeOffset().UtcDateTime,
                var t when t == typeof(DateTime) => DateTime.SpecifyKind(value.GetDateTime(), DateTimeKind.Unspecified),
                _ => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException)
        {
            throw new FormatException($"field '{column.Name}' is {value.GetRawText()}, not a {column.DataTypeName} ({ex.Message})", ex);
        }
    }

    private static SourceColumn? Column(string name, string type, bool nullable)
    {
        var normal = string.Join(' ', type.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        SourceColumn Of(Type clr, string ddl, string copy, int? precision = null, int? scale = null) => new(name, clr, ddl, copy, nullable, precision, scale);
        var numeric = NumericType().Match(normal);
        if (numeric.Success)
        {
            int? precision = numeric.Groups[1].Success ? int.Parse(numeric.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            int? scale = numeric.Groups[2].Success ? int.Parse(numeric.Groups[2].Value, CultureInfo.InvariantCulture) : precision is null ? null : 0;
            return precision is > 38 or < 1 || scale > precision ? null : Of(typeof(decimal), normal, "numeric", precision, scale);
        }

        if (VarcharType().IsMatch(normal))
        {
            return Of(typeof(string), normal, "character varying");
        }

        return normal switch
        {
            "bigint" or "int8" => Of(typeof(long), "bigint", "bigint"),
            "integer" or "int" or "int4" => Of(typeof(int), "integer", "integer"),
            "smallint" or "int2" => Of(typeof(short), "smallint", "smallint"),
            "double precision" or "float8" => Of(typeof(double), "double precision", "double precision"),
            "real" or "float4" => Of(typeof(float), "real", "real"),
            "boolean" or "bool" => Of(typeof(bool), "boolean", "boolean"),
            "text" => Of(typeof(string), "text", "text"),
            "date" => Of(typeof(DateTime), "date", "date"),
            "timestamp" or "timestamp without time zone" => Of(typeof(DateTime), "timestamp", "timestamp without time zone"),
            "timestamptz" or "timestamp with time zone" => Of(typeof(DateTime), "timestamptz", "timestamp with time zone"),
            "uuid" => Of(typeof(Guid), "uuid", "uuid"),
            _ => null,
        };
    }

    [GeneratedRegex(@"^numeric(?:\((\d{1,2})(?:,\s*(\d{1,2}))?\))?$")]
    private static partial Regex NumericType();

    [GeneratedRegex(@"^varchar\(\d{1,5}\)$")]
    private static partial Regex VarcharType();
}
