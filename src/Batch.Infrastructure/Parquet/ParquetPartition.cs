namespace Batch.Infrastructure.Parquet;

/// <summary>
/// One level of a Hive-style partitioned folder (<c>table=orders/date=2026-11-22</c>): a name and where its value comes
/// from, a fixed value (a step parameter, the table's name) or a function of the item (its base date).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Values are escaped the way Hive does it (<c>/</c>, <c>=</c>, <c>%</c>, control characters and so on become <c>%XX</c>);
/// an empty or null value is written as <c>__HIVE_DEFAULT_PARTITION__</c>. Do not name a partition like a column of
/// the file: DuckDB and Spark add the partition as a column when they read the folder.
/// </remarks>
public sealed class ParquetPartition<T>
{
    private ParquetPartition(string name, string? fixedValue, Func<T, string?>? valueOf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        FixedSegment = valueOf is null ? Segment(name, fixedValue) : null;
        ValueOf = valueOf;
    }

    /// <summary>The partition's name (the part before <c>=</c>).</summary>
    public string Name { get; }

    internal string? FixedSegment { get; }

    internal Func<T, string?>? ValueOf { get; }

    /// <summary>A partition with one value for the whole step, for example from a job parameter.</summary>
    /// <param name="name">The name, for example <c>date</c>.</param>
    /// <param name="value">The value, for example <c>2026-11-22</c>.</param>
    /// <returns>The partition.</returns>
    public static ParquetPartition<T> Fixed(string name, string? value) => new(name, value, null);

    /// <summary>A partition whose value each item gives.</summary>
    /// <param name="name">The name, for example <c>date</c>.</param>
    /// <param name="valueOf">The item's value, for example <c>o =&gt; o.BaseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)</c>.</param>
    /// <returns>The partition.</returns>
    public static ParquetPartition<T> Of(string name, Func<T, string?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        return new(name, null, valueOf);
    }

    internal string SegmentFor(T item) => FixedSegment ?? Segment(Name, ValueOf!(item));

    /// <summary>The folder name <c>name=value</c>, escaped.</summary>
    internal static string Segment(string name, string? value) =>
        Escape(name) + "=" + (string.IsNullOrEmpty(value) ? "__HIVE_DEFAULT_PARTITION__" : Escape(value));

    private static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAny(Special) && text != "." && text != "..")
        {
            return text;
        }

        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Special.Contains(c) || c == '.' && (text == "." || text == ".."))
            {
                escaped.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create(
        "\"#%'*/:=?\\\u007F{[]^\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");
}
