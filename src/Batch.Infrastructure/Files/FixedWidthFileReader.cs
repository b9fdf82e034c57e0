using Batch.Items;
using CsvHelper;

namespace Batch.Infrastructure.Files;

/// <summary>
/// Reads a fixed-width file, one item per line: each column is a start and a length in characters
/// (<see cref="FixedWidthColumn"/>), its padding trimmed. Errors and restart work as for <see cref="DelimitedFileReader{T}"/>:
/// a line shorter than the columns (unless <see cref="FixedWidthFileReaderOptions.AllowShortLines"/>), bytes that are not text in
/// the file's encoding or a field the mapper cannot parse are a <see cref="MalformedRecordException"/> with the line and its text,
/// and a restart moves past the records earlier executions consumed.
/// </summary>
/// <example>
/// <code>
/// new FixedWidthFileReader&lt;Payment&gt;(
///     new FixedWidthFileReaderOptions
///     {
///         Path = "payments.txt",
///         Columns = [new("account", 0, 10), new("amount", 10, 12), new("day", 22, 8)],
///     },
///     f =&gt; new Payment(f.GetString(0), f.Parse&lt;decimal&gt;(1), DateOnly.ParseExact(f.GetChars(2), "yyyyMMdd", f.Culture)));
/// </code>
/// </example>
/// <typeparam name="T">The item type.</typeparam>
public sealed class FixedWidthFileReader<T> : IItemReader<T>, IItemStream, IItemCountRestartable, IItemPositionProvider, IAsyncDisposable
{
    private readonly RecordFileReader<T> _reader;

    /// <summary>Creates a reader that maps each line with <paramref name="map"/>; the fields are the columns, in the order given.</summary>
    /// <param name="options">The file and its columns.</param>
    /// <param name="map">Turns a line into an item.</param>
    public FixedWidthFileReader(FixedWidthFileReaderOptions options, RecordMapper<T> map)
        : this(options, DelimitedFileReader<T>.BindConstant(map))
    {
    }

    /// <summary>Creates a reader whose mapper is made once, when the file is opened, from the columns (see <see cref="FieldSet.Ordinal"/>).</summary>
    /// <param name="options">The file and its columns.</param>
    /// <param name="bind">Makes the mapper.</param>
    public FixedWidthFileReader(FixedWidthFileReaderOptions options, Func<FieldSet, RecordMapper<T>> bind)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bind);
        options.ValidateAll();
        var (widths, map) = Layout(options.Columns);
        var csvOptions = new CsvReaderOptions
        {
            Mode = CsvMode.FixedWidth,
            FieldWidths = widths,
            HasHeader = false,
            DetectSeparatorHint = false,
            TrimWhitespace = options.Trim,
            SkipEmptyLines = true,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
        };
        _reader = new RecordFileReader<T>(
            options.Path, csvOptions, longDelimiter: null, options.Encoding, [.. options.Columns.Select(c => c.Name)], bind, map,
            options.SkipLines, options.AllowShortLines ? 0 : options.Columns.Max(c => c.End), options.Culture);
    }

    /// <summary>The file.</summary>
    public string Path => _reader.Path;

    /// <summary>Records read or rejected so far in this execution, counting those moved past on a restart (skipped header lines excluded).</summary>
    public long RecordsConsumed => _reader.Consumed;

    /// <inheritdoc />
    public string? CurrentPosition => _reader.CurrentPosition;

    /// <inheritdoc />
    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken) => _reader.ReadAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => _reader.OpenAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken) => _reader.CloseAsync();

    /// <inheritdoc />
    public ValueTask SkipConsumedAsync(long itemsConsumed, CancellationToken cancellationToken) => _reader.SkipConsumedAsync(itemsConsumed, cancellationToken);

    /// <summary>Closes the file (as <see cref="CloseAsync"/> does), for a reader used outside a step.</summary>
    /// <returns>A task.</returns>
    public ValueTask DisposeAsync() => _reader.CloseAsync();

    /// <summary>CsvHelper's consecutive widths for the columns (a gap is a field of its own), and where each column is among them.</summary>
    private static (int[] Widths, int[] Map) Layout(IReadOnlyList<FixedWidthColumn> columns)
    {
        var order = Enumerable.Range(0, columns.Count).OrderBy(i => columns[i].Start).ToArray();
        var widths = new List<int>();
        var map = new int[columns.Count];
        var position = 0;
        foreach (var index in order)
        {
            var column = columns[index];
            if (column.Start > position)
            {
                widths.Add(column.Start - position);
            }

            map[index] = widths.Count;
            widths.Add(column.Length);
            position = column.End;
        }

        return ([.. widths], map);
    }
}
