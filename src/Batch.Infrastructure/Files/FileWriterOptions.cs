using System.Globalization;
using System.Text;

namespace Batch.Infrastructure.Files;

/// <summary>Writes the first lines of a new output file, before the first item (column titles, a file header record).</summary>
/// <param name="writer">Where the text goes, in the file's encoding; end each line yourself (the writer's <see cref="FileWriterOptions.LineEnding"/>).</param>
public delegate void FileHeaderCallback(TextWriter writer);

/// <summary>Writes the last lines of an output file, once, when the step completes (a trailer record with the count).</summary>
/// <param name="writer">Where the text goes, in the file's encoding.</param>
/// <param name="itemsWritten">The items in the file, over every execution of the step.</param>
public delegate void FileFooterCallback(TextWriter writer, long itemsWritten);

/// <summary>What every file writer is told: the file, its encoding and line ending, its header and footer, and the name its position is saved under.</summary>
/// <remarks>
/// A file writer commits with the chunk: the chunk's lines reach the disk (flushed and synced) before the checkpoint commits, and
/// the checkpoint holds the file's length. A restart cuts the file back to that length, so a crash or a failed chunk never leaves
/// a line that is half written, or written twice. A first run (no saved position) creates the file, replacing one that is there.
/// </remarks>
public abstract class FileWriterOptions
{
    /// <summary>The file to write. Its folder must exist.</summary>
    public required string Path { get; init; }

    /// <summary>The file's encoding; UTF-8 without a byte order mark by default (an encoding with a preamble, such as <see cref="Encoding.UTF8"/>, writes one).</summary>
    public Encoding Encoding { get; init; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>What ends each line: <c>\n</c> by default (<c>\r\n</c> for strict RFC 4180).</summary>
    public string LineEnding { get; init; } = "\n";

    /// <summary>Writes the first lines of a new file (not again on a restart, which continues the file).</summary>
    public FileHeaderCallback? Header { get; init; }

    /// <summary>
    /// Writes the last lines of the file, once, when the step completes (not when it fails or stops: a restart continues the file).
    /// Needs the writer to hear of the step's end: add it with <see cref="FileWriterStepBuilderExtensions"/>' <c>FileWriter</c>,
    /// or register the instance with <c>.Listener(writer)</c> too.
    /// </summary>
    public FileFooterCallback? Footer { get; init; }

    /// <summary>The prefix of the execution-context keys the file's position is saved under; unique within the step (two writers of one step need two names).</summary>
    public string? Name { get; init; }

    /// <summary>The culture numbers and dates are written in; invariant by default.</summary>
    public IFormatProvider Culture { get; init; } = CultureInfo.InvariantCulture;

    private protected void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException(
                $"The file writer's Path is {(Path is null ? "not set" : "empty")}: give the file to write (from a job parameter, say: Path = ctx.JobParameters.GetString(\"file\")!, " +
                "and declare it with .Validator(new DefaultJobParametersValidator().Require(\"file\", JobParameterType.String)) so a launch without it is refused before an instance exists).",
                nameof(Path));
        }

        ArgumentNullException.ThrowIfNull(Encoding, nameof(Encoding));
        ArgumentException.ThrowIfNullOrEmpty(LineEnding, nameof(LineEnding));
        ArgumentNullException.ThrowIfNull(Culture, nameof(Culture));
        if (Name is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        }
    }
}

/// <summary>How a <see cref="DelimitedFileWriter{T}"/> writes: delimiter, quoting, an optional line of column names.</summary>
public sealed class DelimitedFileWriterOptions : FileWriterOptions
{
    /// <summary>The field delimiter (one character or several); <c>,</c> by default.</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>The quote character; <c>"</c> by default. A field holding the delimiter, the quote or a line break is quoted, its quotes doubled (RFC 4180).</summary>
    public char Quote { get; init; } = '"';

    /// <summary>Whether every field is quoted (false by default: only those that need it).</summary>
    public bool QuoteAll { get; init; }

    /// <summary>Column names written as a line at the start of a new file (after <see cref="FileWriterOptions.Header"/>'s lines, if both are set), quoted as fields are.</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

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

/// <summary>How a <see cref="FixedWidthFileWriter{T}"/> writes: its columns (start, length, alignment, padding).</summary>
public sealed class FixedWidthFileWriterOptions : FileWriterOptions
{
    /// <summary>The columns, in the order the formatter writes them; they may leave gaps (written as spaces) but may not overlap.</summary>
    public required IReadOnlyList<FixedWidthColumn> Columns { get; init; }

    /// <summary>Whether a value longer than its column is cut to fit (false by default: it is a <see cref="FormatException"/> naming the column).</summary>
    public bool TruncateLongValues { get; init; }

    internal void ValidateAll()
    {
        Validate();
        FixedWidthColumn.ValidateLayout(Columns, nameof(Columns));
    }
}

/// <summary>How a <see cref="JsonLinesFileWriter{T}"/> writes: one JSON value per line, UTF-8.</summary>
public sealed class JsonLinesFileWriterOptions : FileWriterOptions
{
    internal void ValidateAll()
    {
        Validate();
        if (Encoding is not UTF8Encoding)
        {
            throw new ArgumentException($"A JSON lines file is UTF-8; the encoding {Encoding.WebName} cannot be used.", nameof(Encoding));
        }
    }
}
