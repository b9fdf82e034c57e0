namespace Batch.Infrastructure.Parquet;

/// <summary>
/// How one mapped property becomes a column of the file (see <see cref="ParquetColumnMap{T}.Map{TValue}"/>): its name, and for
/// some types its Parquet type. Every setting is checked against the property's type when the map is built.
/// </summary>
public sealed class ParquetColumnOptions
{
    internal string? ColumnName { get; private set; }

    internal int? Precision { get; private set; }

    internal int Scale { get; private set; }

    internal bool? IsRequired { get; private set; }

    internal bool LocalTime { get; private set; }

    internal bool EnumNumbers { get; private set; }

    /// <summary>The column's name in the file (default: the property's name).</summary>
    /// <param name="name">The name, for example <c>order_id</c>.</param>
    /// <returns>These options.</returns>
    public ParquetColumnOptions Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ColumnName = name;
        return this;
    }

    /// <summary>
    /// For a <see cref="decimal"/>: the column is <c>DECIMAL(precision, scale)</c> (default <c>DECIMAL(38, 18)</c>). A value with
    /// more digits than that fails the chunk with a <see cref="ParquetValueException"/> instead of being cut silently.
    /// </summary>
    /// <param name="precision">Digits in all, 1 to 38.</param>
    /// <param name="scale">Digits after the point, 0 to <paramref name="precision"/>.</param>
    /// <returns>These options.</returns>
    public ParquetColumnOptions Decimal(int precision, int scale)
    {
        if (precision is < 1 or > 38 || scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(
                nameof(precision), $"DECIMAL({precision}, {scale}) is not a Parquet decimal: the precision is 1 to 38 and the scale 0 to the precision.");
        }

        Precision = precision;
        Scale = scale;
        return this;
    }

    /// <summary>
    /// For a <see cref="DateTime"/> or <see cref="DateTimeOffset"/>: write a wall-clock <c>TIMESTAMP</c> (not adjusted to UTC)
    /// holding the value as it reads, instead of the default instant (<c>TIMESTAMP WITH TIME ZONE</c>, values converted to UTC).
    /// </summary>
    /// <returns>These options.</returns>
    public ParquetColumnOptions WithoutTimeZone()
    {
        LocalTime = true;
        return this;
    }

    /// <summary>For an enum: write its number (its underlying integer type) instead of its name (the default, a string column).</summary>
    /// <returns>These options.</returns>
    public ParquetColumnOptions EnumAsNumber()
    {
        EnumNumbers = true;
        return this;
    }

    /// <summary>
    /// The column holds no nulls (a Parquet <c>REQUIRED</c> field): a null value fails the chunk with a
    /// <see cref="ParquetValueException"/> naming the column. Default: required for non-nullable value types and for
    /// reference types declared non-nullable (<c>string</c> rather than <c>string?</c>).
    /// </summary>
    /// <returns>These options.</returns>
    public ParquetColumnOptions Required()
    {
        IsRequired = true;
        return this;
    }

    /// <summary>The column may hold nulls (a Parquet <c>OPTIONAL</c> field), whatever the property's type.</summary>
    /// <returns>These options.</returns>
    public ParquetColumnOptions Nullable()
    {
        IsRequired = false;
        return this;
    }
}
