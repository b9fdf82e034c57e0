using System.Text;
using CsvHelper;

namespace Batch.Infrastructure.Files;

/// <summary>
/// The fields of the record being read by a <see cref="DelimitedFileReader{T}"/> or <see cref="FixedWidthFileReader{T}"/>, as a
/// <see cref="RecordMapper{T}"/> sees them: by position (0-based) or by column name, as text or parsed. The reader hands the
/// same instance to the mapper for every record; it is valid only during that call, so do not keep it.
/// </summary>
/// <remarks>
/// Nothing here allocates except <see cref="GetString(int)"/> (the string itself) and the messages of errors. A name is
/// looked up in a dictionary on each call; to look names up once, give the reader a binder that resolves
/// <see cref="Ordinal"/> when the file is opened and returns a mapper over the ordinals.
/// Parse errors are <see cref="FormatException"/>s naming the column; the reader turns them into a
/// <see cref="MalformedRecordException"/> with the record's line and text.
/// </remarks>
public sealed class FieldSet
{
    private readonly Dictionary<string, int> _ordinals;
    private readonly IFormatProvider _culture;
    private readonly CsvReader _csv;
    private readonly int[]? _columnMap;
    private char[] _chars = new char[256];

    /// <summary>The fields of CsvHelper's current record; for a fixed-width file, the columns map to CsvHelper's fields (gaps are fields too).</summary>
    internal FieldSet(CsvReader csv, IReadOnlyList<string> names, int[]? columnMap, IFormatProvider culture)
    {
        _csv = csv;
        _columnMap = columnMap;
        Names = names;
        _culture = culture;
        _ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            _ordinals.TryAdd(names[i], i);
        }
    }

    /// <summary>The column names: the header line's, or the configured ones; empty when the columns have no names.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The number of fields of the current record (for a fixed-width file, of columns).</summary>
    public int FieldCount => _columnMap?.Length ?? _csv.FieldCount;

    /// <summary>The line (1-based, counting every line of the file) where the current record starts.</summary>
    public long LineNumber => _csv.LineNumber;

    /// <summary>The culture numbers and dates are parsed with (the reader's <c>Culture</c>, invariant by default).</summary>
    public IFormatProvider Culture => _culture;

    /// <summary>The position of the column with this name (names are matched ignoring case; the first of duplicate names wins).</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The 0-based position.</returns>
    /// <exception cref="ArgumentException">No column has that name; the message lists the names there are.</exception>
    public int Ordinal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_ordinals.TryGetValue(name, out var ordinal))
        {
            return ordinal;
        }

        throw new ArgumentException(
            Names.Count == 0
                ? $"There is no column named '{name}': the columns have no names (read a header line, or configure ColumnNames or the columns' names)."
                : $"There is no column named '{name}'; the columns are: {string.Join(", ", Names)}.{DelimiterHint(name)}");
    }

    /// <summary>When the header was read as one column that holds the name between another delimiter, says which delimiter to set.</summary>
    private string DelimiterHint(string name)
    {
        if (Names.Count != 1)
        {
            return string.Empty;
        }

        foreach (var delimiter in (ReadOnlySpan<char>)[';', '\t', '|', ','])
        {
            if (Names[0].Split(delimiter).Contains(name, StringComparer.Ordinal))
            {
                var shown = delimiter == '\t' ? "\\t" : delimiter.ToString();
                return $" The header was read as one column, whose names are separated by '{shown}': set the reader's Delimiter to '{shown}'.";
            }
        }

        return string.Empty;
    }

    /// <summary>Looks a column up by name.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="ordinal">Its 0-based position, when found.</param>
    /// <returns>Whether a column has that name.</returns>
    public bool TryGetOrdinal(string name, out int ordinal)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _ordinals.TryGetValue(name, out ordinal);
    }

    /// <summary>The text of a field (unquoted and unescaped; trimmed where the reader trims).</summary>
    /// <param name="ordinal">The 0-based position.</param>
    /// <returns>The text; empty for an empty or missing field.</returns>
    public string GetString(int ordinal) => _csv.GetString(Field(ordinal));

    /// <summary>The text of a field as characters, without allocating; valid until the next field is read.</summary>
    /// <param name="ordinal">The 0-based position.</param>
    /// <returns>The characters.</returns>
    public ReadOnlySpan<char> GetChars(int ordinal)
    {
        var utf8 = _csv.GetSpan(Field(ordinal));
        if (_chars.Length < utf8.Length)
        {
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        }

        var count = Encoding.UTF8.GetChars(utf8, _chars);
        return _chars.AsSpan(0, count);
    }

    /// <summary>Whether a field is empty (or missing).</summary>
    /// <param name="ordinal">The 0-based position.</param>
    /// <returns>True when empty.</returns>
    public bool IsEmpty(int ordinal) => _csv.IsEmpty(Field(ordinal));

    /// <summary>Parses a field with the reader's culture.</summary>
    /// <typeparam name="TValue">The type: any <see cref="ISpanParsable{TSelf}"/> (numbers, dates, <see cref="Guid"/>, ...).</typeparam>
    /// <param name="ordinal">The 0-based position.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The field is not a <typeparamref name="TValue"/> (or is out of its range); the message names the column.</exception>
    public TValue Parse<TValue>(int ordinal)
        where TValue : ISpanParsable<TValue>
    {
        try
        {
            return _csv.Parse<TValue>(Field(ordinal));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw FieldError(ordinal, typeof(TValue), ex);
        }
    }

    /// <summary>Parses a field, or returns null when it is empty.</summary>
    /// <typeparam name="TValue">The type.</typeparam>
    /// <param name="ordinal">The 0-based position.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="FormatException">The field is not empty and not a <typeparamref name="TValue"/>.</exception>
    public TValue? ParseOrNull<TValue>(int ordinal)
        where TValue : struct, ISpanParsable<TValue> =>
        IsEmpty(ordinal) ? null : Parse<TValue>(ordinal);

    /// <summary>The text of a field, or null when it is empty.</summary>
    /// <param name="ordinal">The 0-based position.</param>
    /// <returns>The text, or null.</returns>
    public string? GetStringOrNull(int ordinal) => IsEmpty(ordinal) ? null : GetString(ordinal);

    /// <summary>The text of the field of a named column (see <see cref="Ordinal"/>).</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The text.</returns>
    public string GetString(string name) => GetString(Ordinal(name));

    /// <summary>Parses the field of a named column (see <see cref="Ordinal"/>).</summary>
    /// <typeparam name="TValue">The type.</typeparam>
    /// <param name="name">The column name.</param>
    /// <returns>The value.</returns>
    public TValue Parse<TValue>(string name)
        where TValue : ISpanParsable<TValue> => Parse<TValue>(Ordinal(name));

    /// <summary>The name of a column for messages: <c>'amount' (field 3)</c> or <c>field 3</c>.</summary>
    private string Describe(int ordinal) =>
        ordinal >= 0 && ordinal < Names.Count ? $"'{Names[ordinal]}' (field {ordinal + 1})" : $"field {ordinal + 1}";

    private FormatException FieldError(int ordinal, Type type, Exception cause)
    {
        var text = ordinal >= 0 && ordinal < FieldCount ? GetString(ordinal) : string.Empty;
        return new FormatException($"Column {Describe(ordinal)} is not a valid {type.Name}: '{Shorten(text)}' ({cause.Message})", cause);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");

    private int Field(int ordinal)
    {
        if (_columnMap is null)
        {
            return ordinal;
        }

        return (uint)ordinal < (uint)_columnMap.Length
            ? _columnMap[ordinal]
            : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The layout has {_columnMap.Length} columns.");
    }
}
