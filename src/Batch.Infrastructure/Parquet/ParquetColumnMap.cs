using System.Linq.Expressions;
using System.Reflection;
using Parquet;
using Parquet.Schema;

namespace Batch.Infrastructure.Parquet;

/// <summary>
/// Which values of an item become which columns of a Parquet file, in which order and with which Parquet types, for
/// <see cref="ParquetItemWriterOptions{T}.Columns"/>. Each column's accessor is compiled once, when it is mapped: writing
/// uses no reflection and no boxing per item.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// <para>Types and what they become (<c>?</c> forms too; DuckDB's names in brackets):</para>
/// <list type="bullet">
/// <item><c>bool</c>, <c>sbyte</c>, <c>byte</c>, <c>short</c>, <c>ushort</c>, <c>int</c>, <c>uint</c>, <c>long</c>, <c>ulong</c>,
/// <c>float</c>, <c>double</c>, <c>Guid</c> (<c>UUID</c>), <c>string</c>, <c>byte[]</c> (<c>BLOB</c>): the matching Parquet type.</item>
/// <item><c>decimal</c>: <c>DECIMAL(38, 18)</c>, or the precision and scale of <see cref="ParquetColumnOptions.Decimal"/>; a value
/// that would lose digits fails with a <see cref="ParquetValueException"/>.</item>
/// <item><c>DateTime</c>, <c>DateTimeOffset</c>: a microsecond <c>TIMESTAMP</c> adjusted to UTC (<c>TIMESTAMP WITH TIME ZONE</c>;
/// a local <c>DateTime</c> is converted to UTC, an unspecified one taken as UTC), or a wall-clock <c>TIMESTAMP</c> with
/// <see cref="ParquetColumnOptions.WithoutTimeZone"/>.</item>
/// <item><c>DateOnly</c>: <c>DATE</c>.</item>
/// <item>enums: their names (a string column), or their numbers with <see cref="ParquetColumnOptions.EnumAsNumber"/>.</item>
/// </list>
/// <para>
/// A column is nullable when its type is (<c>int?</c>, <c>string?</c>); for reference types the nullable annotation of the
/// property decides, and <see cref="ParquetColumnOptions.Required"/> or <see cref="ParquetColumnOptions.Nullable"/> overrides it.
/// A property of another type is refused when mapped, with a message naming it.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// Columns = new ParquetColumnMap&lt;Order&gt;()
///     .Map(o =&gt; o.Id, c =&gt; c.Named("order_id"))
///     .Map(o =&gt; o.Price, c =&gt; c.Decimal(12, 2))
///     .Map(o =&gt; o.Status)                      // enum, written by name
///     .Map(o =&gt; o.BaseDate)                    // DateOnly: DATE
///     .Map(o =&gt; o.CreatedAt)                   // DateTimeOffset: TIMESTAMP WITH TIME ZONE
///     .Map(o =&gt; o.Customer.Name, c =&gt; c.Named("customer")),
/// </code>
/// </example>
public sealed class ParquetColumnMap<T>
{
    private static readonly Type[] ValueTypes =
    [
        typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly),
    ];

    private readonly List<ParquetColumn<T>> _columns = [];
    private readonly NullabilityInfoContext _nullability = new();
    private ParquetSchema? _schema;

    /// <summary>The number of columns mapped.</summary>
    public int Count => _columns.Count;

    /// <summary>The file's schema: the mapped columns in the order they were mapped (fixed once the map is used).</summary>
    public ParquetSchema Schema => _schema ??= new ParquetSchema(_columns.Select(c => (Field)c.Field));

    /// <summary>Maps a value of the item (a property, a nested property, or any expression given a name) to the next column.</summary>
    /// <typeparam name="TValue">The value's type: see the list of types on <see cref="ParquetColumnMap{T}"/>.</typeparam>
    /// <param name="value">The value, for example <c>o =&gt; o.Price</c>; compiled once.</param>
    /// <param name="configure">The column's name and type settings, for example <c>c =&gt; c.Named("price").Decimal(12, 2)</c>.</param>
    /// <returns>This map.</returns>
    /// <exception cref="ArgumentException">
    /// The value's type cannot be a column, a setting does not fit it, an expression that is not a property has no name,
    /// or the name is taken. The message names the property.
    /// </exception>
    /// <exception cref="InvalidOperationException">The map is already in use by a writer.</exception>
    public ParquetColumnMap<T> Map<TValue>(Expression<Func<T, TValue>> value, Action<ParquetColumnOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_schema is not null)
        {
            throw new InvalidOperationException("The column map is in use by a writer: map every column before creating the writer.");
        }

        var options = new ParquetColumnOptions();
        configure?.Invoke(options);
        var parameter = value.Parameters[0];
        var body = value.Body;
        var member = body as MemberExpression;
        var text = body.ToString();
        var property = typeof(T).Name + (member is not null && text.StartsWith(parameter.Name + ".", StringComparison.Ordinal) ? text[parameter.Name!.Length..] : " " + value);
        var name = options.ColumnName ?? member?.Member.Name
            ?? throw new ArgumentException($"The column of '{value}' ({typeof(T).Name}) is not a property, so it has no name: give it one with c => c.Named(\"...\").", nameof(value));
        if (_columns.Any(c => string.Equals(c.Field.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException(
                $"Column '{name}' ({property}) is mapped twice (DuckDB and Spark compare column names ignoring case): give one of them another name with c => c.Named(\"...\").",
                nameof(value));
        }

        _columns.Add(Create(name, property, parameter, body, member, options));
        return this;
    }

    /// <summary>Writes one file of items (one row group per <see cref="ParquetOptions.RowGroupSize"/> items).</summary>
    internal async Task WriteAsync(IEnumerable<T> items, Stream stream, ParquetOptions? options, CancellationToken cancellationToken)
    {
        var list = items as IReadOnlyList<T> ?? [.. items];
        var schema = Schema;
        var groupSize = Math.Max(1, options?.RowGroupSize ?? ParquetOptions.DefaultRowGroupSize);
        var writer = await ParquetWriter.CreateAsync(schema, stream, options, append: false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            for (var start = 0; start < list.Count || start == 0; start += groupSize)
            {
                var count = Math.Min(groupSize, list.Count - start);
                using var group = writer.CreateRowGroup();
                foreach (var column in _columns)
                {
                    await column.WriteAsync(group, list, start, count, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private ParquetColumn<T> Create(string name, string property, ParameterExpression parameter, Expression body, MemberExpression? member, ParquetColumnOptions options)
    {
        var type = body.Type;
        var underlying = System.Nullable.GetUnderlyingType(type);
        var valueType = underlying ?? type;
        var isEnum = valueType.IsEnum;
        var isDate = valueType == typeof(DateTime) || valueType == typeof(DateTimeOffset);
        Refuse(options.Precision is not null && valueType != typeof(decimal), $"Decimal({options.Precision}, {options.Scale}) is set on {property}, which is {Describe(type)}, not a decimal.");
        Refuse(options.LocalTime && !isDate, $"WithoutTimeZone() is set on {property}, which is {Describe(type)}, not a DateTime or DateTimeOffset.");
        Refuse(options.EnumNumbers && !isEnum, $"EnumAsNumber() is set on {property}, which is {Describe(type)}, not an enum.");

        bool nullable;
        if (type.IsValueType)
        {
            nullable = options.IsRequired is { } required ? !required : underlying is not null;
        }
        else
        {
            nullable = options.IsRequired is { } required ? !required : member?.Member switch
            {
                PropertyInfo p => _nullability.Create(p).ReadState != NullabilityState.NotNull,
                FieldInfo f => _nullability.Create(f).ReadState != NullabilityState.NotNull,
                _ => true,
            };
        }

        if (type == typeof(string) || type == typeof(byte[]))
        {
            var field = new DataField(name, type, isNullable: nullable);
            return (ParquetColumn<T>)Activator.CreateInstance(
                typeof(ParquetReferenceColumn<,>).MakeGenericType(typeof(T), type), field, property, Compile(parameter, body, type))!;
        }

        if (isEnum && !options.EnumNumbers)
        {
            var names = typeof(ParquetEnumNames<>).MakeGenericType(valueType).GetMethod(nameof(ParquetEnumNames<DayOfWeek>.Of))!;
            var call = Expression.Call(names, Expression.Convert(body, typeof(Nullable<>).MakeGenericType(valueType)));
            return new ParquetReferenceColumn<T, string>(new DataField(name, typeof(string), isNullable: nullable), property, (Func<T, string?>)Compile(parameter, call, typeof(string)));
        }

        var stored = isEnum ? Enum.GetUnderlyingType(valueType) : isDate ? typeof(DateTime) : valueType;
        Refuse(
            !type.IsValueType || !ValueTypes.Contains(stored),
            $"{property} is {Describe(type)}, which a Parquet column cannot hold: map a value of one of the types bool, sbyte, byte, short, ushort, int, uint, long, ulong, float, double, decimal, Guid, DateTime, DateTimeOffset, DateOnly, string, byte[] or an enum (or their nullable forms), for example a property of it (o => o.{member?.Member.Name ?? "Value"}.Id).");

        var nullableStored = typeof(Nullable<>).MakeGenericType(stored);
        Expression converted = Expression.Convert(body, typeof(Nullable<>).MakeGenericType(valueType));
        if (isEnum)
        {
            converted = Expression.Convert(converted, nullableStored);
        }
        else if (isDate)
        {
            var method = typeof(ParquetValues).GetMethod(options.LocalTime ? nameof(ParquetValues.Wall) : nameof(ParquetValues.Utc), [converted.Type])!;
            converted = Expression.Call(method, converted);
        }

        DataField dataField;
        object? check = null;
        if (stored == typeof(decimal))
        {
            var precision = options.Precision ?? 38;
            var scale = options.Precision is null ? 18 : options.Scale;
            dataField = new DecimalDataField(name, precision, scale, forceByteArrayEncoding: false, isNullable: nullable);
            check = ParquetValues.DecimalCheck(name, property, precision, scale);
        }
        else if (stored == typeof(DateTime))
        {
            dataField = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: !options.LocalTime, DateTimeTimeUnit.Micros, isNullable: nullable);
        }
        else
        {
            dataField = new DataField(name, stored, isNullable: nullable);
        }

        return (ParquetColumn<T>)Activator.CreateInstance(
            typeof(ParquetValueColumn<,>).MakeGenericType(typeof(T), stored), dataField, property, Compile(parameter, converted, nullableStored), check)!;
    }

    private static Delegate Compile(ParameterExpression parameter, Expression body, Type result) =>
        Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(T), result), body, parameter).Compile();

    private static void Refuse(bool condition, string message)
    {
        if (condition)
        {
            throw new ArgumentException(message, nameof(condition));
        }
    }

    private static string Describe(Type type) =>
        System.Nullable.GetUnderlyingType(type) is { } inner ? inner.Name + "?" : type.Name;
}
