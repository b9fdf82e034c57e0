using System.Globalization;
using System.Text;

namespace Batch.Infrastructure.Files;

/// <summary>What every file reader is told: the file, its encoding and the culture its numbers and dates are written in.</summary>
public abstract class FileReaderOptions
{
    /// <summary>The file to read. A missing file fails the step when it opens, with an <see cref="ItemStreamException"/> naming it.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// The file's encoding, or null (the default) for UTF-8. A byte order mark at the start of the file wins over this (UTF-8,
    /// UTF-16 and UTF-32) and is not part of the first record. Bytes that are not valid in the encoding make the record they are in a
    /// <see cref="MalformedRecordException"/> naming its line.
    /// </summary>
    public Encoding? Encoding { get; init; }

    /// <summary>The culture numbers and dates are parsed with (<see cref="FieldSet.Parse{TValue}(int)"/>); invariant by default.</summary>
    public IFormatProvider Culture { get; init; } = CultureInfo.InvariantCulture;

    private protected void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException(
                $"The file reader's Path is {(Path is null ? "not set" : "empty")}: give the file to read (from a job parameter, say: Path = ctx.JobParameters.GetString(\"file\")!, " +
                "and declare it with .Validator(new DefaultJobParametersValidator().Require(\"file\", JobParameterType.String)) so a launch without it is refused before an instance exists).",
                nameof(Path));
        }

        ArgumentNullException.ThrowIfNull(Culture, nameof(Culture));
    }
}

/// <summary>How a <see cref="DelimitedFileReader{T}"/> reads its file: RFC 4180 quoting, any delimiter, an optional header line.</summary>
public sealed class DelimitedFileReaderOptions : FileReaderOptions
{
    /// <summary>The field delimiter: one character or several (<c>||</c>), not a quote or a line break; <c>,</c> by default.</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>The quote character (RFC 4180: a quoted field may hold delimiters, line breaks and doubled quotes); <c>"</c> by default.</summary>
    public char Quote { get; init; } = '"';

    /// <summary>Whether the first line holds the column names (true by default). It is not a record: it is not counted or mapped.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The column names for a file without a header line (or to use instead of its header), so a mapper can read fields by name.</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>
    /// Whether a record may have more or fewer fields than the header (or the first record). False by default: such a record is a
    /// <see cref="MalformedRecordException"/>. When true, a missing field reads as empty.
    /// </summary>
    public bool AllowFieldCountMismatch { get; init; }

    /// <summary>
    /// Whether quoting errors are repaired instead of reported: a stray quote in an unquoted field is kept as text and text after a
    /// closing quote is appended to the field. False by default: such a record is a <see cref="MalformedRecordException"/>.
    /// </summary>
    public bool LenientQuotes { get; init; }

    /// <summary>Whether a quoted field may hold line breaks (RFC 4180; true by default). False confines a bad quote to its own line.</summary>
    public bool AllowLineBreaksInQuotes { get; init; } = true;

    /// <summary>Whether spaces and tabs around unquoted field values are removed (false by default).</summary>
    public bool TrimWhitespace { get; init; }

    /// <summary>A character that starts a comment line (skipped, not a record), or null (the default) for none.</summary>
    public char? CommentPrefix { get; init; }

    internal void ValidateAll()
    {
        Validate();
        ArgumentException.ThrowIfNullOrEmpty(Delimiter, nameof(Delimiter));
        if (Delimiter.Contains(Quote, StringComparison.Ordinal) || Delimiter.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"The delimiter '{Delimiter}' may not contain the quote character or a line break.", nameof(Delimiter));
        }
    }
}

/// <summary>How a <see cref="FixedWidthFileReader{T}"/> reads its file: one record per line, fields at fixed positions.</summary>
public sealed class FixedWidthFileReaderOptions : FileReaderOptions
{
    /// <summary>The columns, by start and length in characters; they may leave gaps but may not overlap. Their names let a mapper read fields by name.</summary>
    public required IReadOnlyList<FixedWidthColumn> Columns { get; init; }

    /// <summary>How many lines at the start of the file are not records (a header); 0 by default.</summary>
    public int SkipLines { get; init; }

    /// <summary>Whether the padding (spaces and tabs) around field values is removed; true by default.</summary>
    public bool Trim { get; init; } = true;

    /// <summary>
    /// Whether a line may end before the last column does (its missing fields read as empty). False by default: such a line is a
    /// <see cref="MalformedRecordException"/>. Text after the last column is ignored either way.
    /// </summary>
    public bool AllowShortLines { get; init; }

    internal void ValidateAll()
    {
        Validate();
        FixedWidthColumn.ValidateLayout(Columns, nameof(Columns));
        ArgumentOutOfRangeException.ThrowIfNegative(SkipLines, nameof(SkipLines));
    }
}

/// <summary>How a <see cref="JsonLinesFileReader{T}"/> reads its file: one JSON value per line, in UTF-8.</summary>
/// <remarks>JSON lines files are UTF-8 (a UTF-8 byte order mark is skipped); <see cref="FileReaderOptions.Encoding"/> must be null or UTF-8. Blank lines are not records.</remarks>
public sealed class JsonLinesFileReaderOptions : FileReaderOptions
{
    internal void ValidateAll()
    {
        Validate();
        if (Encoding is not null and not UTF8Encoding)
        {
            throw new ArgumentException($"A JSON lines file is UTF-8; the encoding {Encoding.WebName} cannot be used.", nameof(Encoding));
        }
    }
}
