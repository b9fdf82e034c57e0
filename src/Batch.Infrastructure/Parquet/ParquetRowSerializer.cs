using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Batch.Infrastructure.Parquet;

/// <summary>
/// Writes rows whose columns are known only at run time — a table copied as it is — as one Parquet file: each row is an
/// <c>object?[]</c> with one value per data field of a <see cref="ParquetSchema"/>, in the schema's order. Give it to
/// <see cref="ParquetItemWriterOptions{T}.Serializer"/> of a <c>ParquetItemWriter&lt;object?[]&gt;</c> to get the lake writer's
/// partitions and exactly-once part files for such rows.
/// </summary>
/// <remarks>
/// Supported field types: <see cref="bool"/>, <see cref="short"/>, <see cref="int"/>, <see cref="long"/>, <see cref="float"/>,
/// <see cref="double"/>, <see cref="decimal"/> (a <see cref="DecimalDataField"/>), <see cref="DateTime"/> (a <see cref="DateTimeDataField"/>),
/// <see cref="string"/> and <c>byte[]</c>. A value must have its field's type, or be null (the field nullable); a <see cref="DateTime"/>
/// field also takes a <see cref="DateOnly"/> (its midnight), and a string field any other value, written as its invariant-culture text
/// (a <see cref="Guid"/>, a <see cref="TimeSpan"/>).
/// </remarks>
/// <example>
/// <code>
/// var schema = new ParquetSchema(new DataField&lt;long&gt;("id"), new DataField&lt;string&gt;("name"));
/// .Writer(ctx =&gt; new ParquetItemWriter&lt;object?[]&gt;(ctx, new ParquetItemWriterOptions&lt;object?[]&gt;
/// {
///     RootDirectory = "/data/lake",
///     Partitions = { ParquetPartition&lt;object?[]&gt;.Fixed("table", "orders") },
///     Serializer = ParquetRowSerializer.For(schema),
/// }))
/// </code>
/// </example>
public static class ParquetRowSerializer
{
    /// <summary>A serializer for rows of <paramref name="schema"/>.</summary>
    /// <param name="schema">The file's columns (flat: data fields only).</param>
    /// <param name="options">Parquet.Net's options (compression…); the defaults when null.</param>
    /// <returns>The delegate that writes one file of rows to a stream.</returns>
    /// <exception cref="ArgumentException">A field of a type the serializer does not write, or a nested field.</exception>
    public static Func<IEnumerable<object?[]>, Stream, CancellationToken, Task> For(ParquetSchema schema, ParquetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var fields = schema.DataFields;
        if (fields.Length != schema.Fields.Count)
        {
            throw new ArgumentException("The row serializer writes flat schemas only: every field must be a data field (no lists, maps or structs).", nameof(schema));
        }

        foreach (var field in fields)
        {
            if (!IsSupported(field.ClrType) || field.IsArray)
            {
                throw new ArgumentException(
                    $"Field '{field.Name}' has type {field.ClrType.Name}{(field.IsArray ? "[]" : string.Empty)}, which the row serializer does not write: use bool, short, int, long, float, double, decimal, DateTime, string or byte[].",
                    nameof(schema));
            }
        }

        return (rows, stream, cancellationToken) => WriteAsync(schema, fields, rows, stream, options, cancellationToken);
    }

    /// <summary>Whether a field holds text (Parquet.Net 6 reports a string field's type as <c>ReadOnlyMemory&lt;char&gt;</c>).</summary>
    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    /// <summary>Whether a field holds bytes.</summary>
    private static bool IsBytes(Type type) => type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>);

    private static bool IsSupported(Type type) =>
        IsText(type) || IsBytes(type) || type == typeof(bool) || type == typeof(short) || type == typeof(int) || type == typeof(long) || type == typeof(float)
        || type == typeof(double) || type == typeof(decimal) || type == typeof(DateTime);

    private static async Task WriteAsync(
        ParquetSchema schema, DataField[] fields, IEnumerable<object?[]> rows, Stream stream, ParquetOptions? options, CancellationToken cancellationToken)
    {
        var list = rows as IReadOnlyList<object?[]> ?? [.. rows];
        var writer = await ParquetWriter.CreateAsync(schema, stream, options, append: false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++)
            {
                var field = fields[i];
                var type = field.ClrType;
                var task = IsText(type) ? group.WriteAsync(field, Strings(list, i, field), null)
                    : IsBytes(type) ? group.WriteAsync(field, Column<byte[]>(list, i, field), null)
                    : type == typeof(bool) ? WriteValuesAsync<bool>(group, field, list, i, cancellationToken)
                    : type == typeof(short) ? WriteValuesAsync<short>(group, field, list, i, cancellationToken)
                    : type == typeof(int) ? WriteValuesAsync<int>(group, field, list, i, cancellationToken)
                    : type == typeof(long) ? WriteValuesAsync<long>(group, field, list, i, cancellationToken)
                    : type == typeof(float) ? WriteValuesAsync<float>(group, field, list, i, cancellationToken)
                    : type == typeof(double) ? WriteValuesAsync<double>(group, field, list, i, cancellationToken)
                    : type == typeof(decimal) ? WriteValuesAsync<decimal>(group, field, list, i, cancellationToken)
                    : WriteValuesAsync<DateTime>(group, field, list, i, cancellationToken);
                await task.ConfigureAwait(false);
            }
        }
    }

    private static Task WriteValuesAsync<T>(ParquetRowGroupWriter group, DataField field, IReadOnlyList<object?[]> rows, int column, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var values = new T?[rows.Count];
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = rows[r][column] is { } value ? Cast<T>(value, field) : null;
            }

            return group.WriteAsync<T>(field, (ReadOnlyMemory<T?>)values, null, null, cancellationToken);
        }

        var required = new T[rows.Count];
        for (var r = 0; r < required.Length; r++)
        {
            required[r] = rows[r][column] is { } value
                ? Cast<T>(value, field)
                : throw new InvalidOperationException($"Row {r} of the file has no value for the non-nullable field '{field.Name}'.");
        }

        return group.WriteAsync<T>(field, (ReadOnlyMemory<T>)required, null, null, cancellationToken);
    }

    private static T Cast<T>(object value, DataField field)
        where T : struct =>
        value is T typed ? typed
        : typeof(T) == typeof(DateTime) && value is DateOnly day ? (T)(object)day.ToDateTime(TimeOnly.MinValue)
        : throw new InvalidCastException($"Field '{field.Name}' is {typeof(T).Name}, but a row holds a {value.GetType().Name} ({value}): map the value to the field's type.");

    private static string?[] Strings(IReadOnlyList<object?[]> rows, int column, DataField field)
    {
        var values = new string?[rows.Count];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = rows[r][column] switch
            {
                null => field.IsNullable ? null : throw new InvalidOperationException($"Row {r} of the file has no value for the non-nullable field '{field.Name}'."),
                string text => text,
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString(),
            };
        }

        return values;
    }

    private static T?[] Column<T>(IReadOnlyList<object?[]> rows, int column, DataField field)
        where T : class
    {
        var values = new T?[rows.Count];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = rows[r][column] switch
            {
                null => field.IsNullable ? null : throw new InvalidOperationException($"Row {r} of the file has no value for the non-nullable field '{field.Name}'."),
                T typed => typed,
                var other => throw new InvalidCastException($"Field '{field.Name}' is {typeof(T).Name}, but a row holds a {other.GetType().Name}: map the value to the field's type."),
            };
        }

        return values;
    }
}
