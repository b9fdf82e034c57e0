using Batch.Items;
using CsvHelper;

namespace Batch.Infrastructure.Files;

/// <summary>
/// Reads a delimited (CSV) file, one item per record: RFC 4180 quoting, any delimiter, an optional header line, any encoding (a
/// byte order mark wins). Each record is turned into an item by a <see cref="RecordMapper{T}"/>, by position or by column name,
/// without reflection. Parsing is CsvHelper's.
/// </summary>
/// <remarks>
/// <para>
/// A record that cannot be read — broken quoting, another number of fields than the header, bytes that are not text in the
/// file's encoding, a field the mapper cannot parse — is a <see cref="MalformedRecordException"/> with its line and text: the
/// step fails, or, when it is fault-tolerant and skips <see cref="MalformedItemException"/> (the default for business errors),
/// skips the record, counts it in <see cref="StepExecution.ReadSkipCount"/> and reads on.
/// </para>
/// <para>
/// Restart: the reader keeps nothing in the execution context. A restarted step hands it the number of records its earlier
/// executions consumed (<see cref="IItemCountRestartable"/>), and it moves past that many records, good or malformed, without
/// mapping them. The file must not change between the runs; a file with fewer records is an <see cref="ItemStreamException"/>.
/// One thread reads it (a multi-threaded step needs a synchronizing reader in front).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// .Reader(ctx =&gt; new DelimitedFileReader&lt;Order&gt;(
///     new DelimitedFileReaderOptions { Path = ctx.JobParameters.GetString("input")!, Delimiter = ";" },
///     header =&gt;
///     {
///         int id = header.Ordinal("id"), name = header.Ordinal("name"), amount = header.Ordinal("amount");
///         return f =&gt; new Order(f.Parse&lt;long&gt;(id), f.GetString(name), f.Parse&lt;decimal&gt;(amount));
///     }))
/// </code>
/// </example>
/// <typeparam name="T">The item type.</typeparam>
public sealed class DelimitedFileReader<T> : IItemReader<T>, IItemStream, IItemCountRestartable, IItemPositionProvider, IAsyncDisposable
{
    private readonly RecordFileReader<T> _reader;

    /// <summary>Creates a reader that maps each record with <paramref name="map"/> (by position, or by name through <see cref="FieldSet.Ordinal"/> on each call).</summary>
    /// <param name="options">The file and how to read it.</param>
    /// <param name="map">Turns a record into an item.</param>
    public DelimitedFileReader(DelimitedFileReaderOptions options, RecordMapper<T> map)
        : this(options, BindConstant(map))
    {
    }

    /// <summary>
    /// Creates a reader whose mapper is made once, when the file is opened: <paramref name="bind"/> gets the header (its
    /// <see cref="FieldSet.Names"/> and <see cref="FieldSet.Ordinal"/>) and returns the mapper, so names are looked up once.
    /// </summary>
    /// <param name="options">The file and how to read it.</param>
    /// <param name="bind">Makes the mapper from the columns; a missing column (an <see cref="ArgumentException"/> from <see cref="FieldSet.Ordinal"/>) fails the open with an <see cref="ItemStreamException"/>.</param>
    public DelimitedFileReader(DelimitedFileReaderOptions options, Func<FieldSet, RecordMapper<T>> bind)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bind);
        options.ValidateAll();
        var csvOptions = new CsvReaderOptions
        {
            Separator = RecordFileReader<T>.Separator(options.Delimiter),
            Quote = options.Quote,
            HasHeader = options.HasHeader,
            DetectSeparatorHint = false,
            AllowLineBreaksInQuotes = options.AllowLineBreaksInQuotes,
            TrimWhitespace = options.TrimWhitespace,
            CommentPrefix = options.CommentPrefix,
            SkipEmptyLines = true,
            MalformedData = options.LenientQuotes ? CsvMalformedDataHandling.Recover : CsvMalformedDataHandling.Skip,
            FieldCountMismatch = options.AllowFieldCountMismatch ? CsvFieldCountHandling.Allow : CsvFieldCountHandling.Skip,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
        };
        _reader = new RecordFileReader<T>(
            options.Path, csvOptions, RecordFileReader<T>.LongDelimiter(options.Delimiter), options.Encoding,
            options.ColumnNames is { } names ? [.. names] : null, bind, columnMap: null, skipLines: 0, minimumLineLength: 0, options.Culture);
    }

    /// <summary>The file.</summary>
    public string Path => _reader.Path;

    /// <summary>Records read or rejected so far in this execution, counting those moved past on a restart (the header excluded).</summary>
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

    internal static Func<FieldSet, RecordMapper<T>> BindConstant(RecordMapper<T> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return _ => map;
    }
}
