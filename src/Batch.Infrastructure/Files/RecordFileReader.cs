using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Batch.Items;
using CsvHelper;

namespace Batch.Infrastructure.Files;

/// <summary>
/// The engine of the delimited and fixed-width readers, on CsvHelper's reader: opens the file (its byte order mark, its
/// encoding), reads the header, hands each record to the mapper, turns every malformed record into one
/// <see cref="MalformedRecordException"/> in its place in the sequence, and skips what earlier executions consumed.
/// </summary>
/// <remarks>
/// CsvHelper reports malformed records (bad quoting, a wrong field count) through a callback while it passes over them to
/// the next good record. They are queued and thrown one per call, before that record, which is kept ("parked") for the call
/// after; so each record of the file, good or bad, is one item consumed, in file order, as a count restart needs.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class RecordFileReader<T>
{
    /// <summary>What takes the place of a multi-character delimiter (CsvSeparatorStream); it may not occur in the data outside quotes.</summary>
    private const char DelimiterReplacement = '\u001F';

    private readonly string _path;
    private readonly CsvReaderOptions _csvOptions;
    private readonly string? _longDelimiter;
    private readonly Encoding? _encoding;
    private readonly IReadOnlyList<string>? _columnNames;
    private readonly Func<FieldSet, RecordMapper<T>> _bind;
    private readonly int[]? _columnMap;
    private readonly int _skipLines;
    private readonly int _minimumLineLength;
    private readonly IFormatProvider _culture;
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private CsvReader? _csv;
    private FieldSet? _fields;
    private RecordMapper<T>? _map;
    private Utf8ValidatingStream? _validator;
    private bool _checkReplacement;
    private bool _checkEachRecord;
    private bool _parked;
    private bool _ended;
    private long _consumed;
    private long _line;

    public RecordFileReader(
        string path,
        CsvReaderOptions csvOptions,
        string? longDelimiter,
        Encoding? encoding,
        IReadOnlyList<string>? columnNames,
        Func<FieldSet, RecordMapper<T>> bind,
        int[]? columnMap,
        int skipLines,
        int minimumLineLength,
        IFormatProvider culture)
    {
        _path = path;
        _longDelimiter = longDelimiter;
        _encoding = encoding;
        _columnNames = columnNames;
        _bind = bind;
        _columnMap = columnMap;
        _skipLines = skipLines;
        _minimumLineLength = minimumLineLength;
        _culture = culture;
        _csvOptions = csvOptions with
        {
            TrackLineNumbers = true,
            FormatProvider = culture,
            OnMalformedRecord = record =>
            {
                if (record.Skipped)
                {
                    _malformed.Enqueue(record); // a repaired one (LenientQuotes) is returned as a record
                }
            },
        };
    }

    /// <summary>The file.</summary>
    public string Path => _path;

    /// <summary>Records read or rejected so far (the header excluded), counting those skipped on a restart.</summary>
    public long Consumed => _consumed;

    /// <summary>The line of the record read last, or null before the first.</summary>
    public string? CurrentPosition => Line is > 0 and var line ? $"line {line}" : null;

    /// <summary>
    /// The line of the record read last: the one noted for a malformed record, else the parser's current record's (asked of the
    /// parser only when needed: for a position, a message or the mapper).
    /// </summary>
    private long Line => _line >= 0 ? _line : _csv?.LineNumber ?? 0;

    /// <summary>The delimiter when it is longer than one character or not ASCII (read through a CsvSeparatorStream), else null.</summary>
    public static string? LongDelimiter(string delimiter) => delimiter.Length == 1 && char.IsAscii(delimiter[0]) ? null : delimiter;

    /// <summary>The character CsvHelper splits on for a delimiter.</summary>
    public static char Separator(string delimiter) => LongDelimiter(delimiter) is null ? delimiter[0] : DelimiterReplacement;

    public async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        await CloseAsync().ConfigureAwait(false);
        _malformed.Clear();
        _parked = false;
        _ended = false;
        _consumed = 0;
        _line = 0;
        try
        {
            await OpenCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false); // the engine closes only the streams whose open succeeded
            throw;
        }
    }

    private async ValueTask OpenCoreAsync(CancellationToken cancellationToken)
    {
        var stream = FileInput.OpenRead(_path);
        try
        {
            var encoding = await FileInput.ReadPreambleAsync(stream, _encoding, cancellationToken).ConfigureAwait(false);
            var options = encoding.Encoding is { } configured ? _csvOptions with { Encoding = FileInput.WithVisibleReplacement(configured) } : _csvOptions;
            // UTF-8 is checked as it is read, once per buffer; behind a separator stream (which changes the byte offsets the
            // records are found by) each record is checked instead. A configured encoding shows what it cannot decode as U+FFFD.
            var utf8 = encoding.Kind == InputEncodingKind.Utf8;
            _validator = utf8 && _longDelimiter is null ? new Utf8ValidatingStream(stream) : null;
            _checkEachRecord = utf8 && _longDelimiter is not null;
            _checkReplacement = encoding.Kind == InputEncodingKind.Configured && encoding.Encoding!.CodePage != 28591; // Latin-1 decodes every byte
            Stream input = _longDelimiter is null ? _validator ?? (Stream)stream : new CsvSeparatorStream(stream, _longDelimiter, DelimiterReplacement, leaveOpen: false);
            _csv = CsvReader.Create(input, options, leaveOpen: false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        IReadOnlyList<string> header;
        try
        {
            await _csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            header = _csv.Headers;
        }
        catch (CsvFormatException ex)
        {
            throw new ItemStreamException($"The header line of '{_path}' cannot be read: {ex.Message} Correct the file and restart the step.", ex);
        }

        _malformed.Clear(); // a header with a quoting problem is still the header
        var empty = _csvOptions.HasHeader && header.Count == 0;
        _fields = new FieldSet(_csv, _columnNames ?? (_columnMap is null ? header : []), _columnMap, _culture);
        if (empty)
        {
            _ended = true; // an empty file: no header, no records (and nothing to bind the columns to)
            return;
        }

        try
        {
            _map = _bind(_fields) ?? throw new InvalidOperationException("The binder returned no mapper.");
        }
        catch (ArgumentException ex)
        {
            throw new ItemStreamException($"The records of '{_path}' cannot be mapped: {ex.Message}", ex);
        }

        for (var i = 0; i < _skipLines; i++)
        {
            if (!await _csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _ended = true;
                break;
            }
        }

        _malformed.Clear();
    }

    /// <summary>Reads the next record: a synchronous call while CsvHelper has records buffered.</summary>
    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken)
    {
        if (_malformed.Count > 0)
        {
            throw NextMalformed();
        }

        if (_parked)
        {
            _parked = false;
            return new(Map());
        }

        if (_ended)
        {
            return new(ItemResult<T>.None);
        }

        var csv = _csv ?? throw NotOpen();
        var pending = csv.ReadAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new(Next(pending.Result)) : ReadSlowAsync(pending);
    }

    public async ValueTask SkipConsumedAsync(long itemsConsumed, CancellationToken cancellationToken)
    {
        var csv = _csv ?? throw NotOpen();
        while (_consumed < itemsConsumed)
        {
            if (_malformed.Count > 0)
            {
                var skipped = _malformed.Dequeue();
                _line = skipped.LineNumber;
                _consumed++;
            }
            else if (_parked)
            {
                _parked = false;
                _line = -1;
                _consumed++;
            }
            else if (_ended || !await ReadRecordAsync(csv, cancellationToken).ConfigureAwait(false))
            {
                _ended = true;
                if (_malformed.Count == 0)
                {
                    throw FileInput.ShorterThanConsumed(_path, _consumed, itemsConsumed);
                }
            }
            else if (_malformed.Count > 0)
            {
                _parked = true;
            }
            else
            {
                _line = -1;
                _consumed++;
            }
        }
    }

    public async ValueTask CloseAsync()
    {
        _fields = null;
        _map = null;
        if (_csv is { } csv)
        {
            _csv = null;
            await csv.DisposeAsync().ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ItemResult<T>> ReadSlowAsync(ValueTask<bool> pending)
    {
        bool read;
        try
        {
            read = await pending.ConfigureAwait(false);
        }
        catch (CsvFormatException ex)
        {
            throw Unreadable(ex);
        }

        return Next(read);
    }

    private async ValueTask<bool> ReadRecordAsync(CsvReader csv, CancellationToken cancellationToken)
    {
        try
        {
            return await csv.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CsvFormatException ex)
        {
            throw Unreadable(ex);
        }
    }

    private ItemResult<T> Next(bool read)
    {
        if (!read)
        {
            _ended = true;
        }

        if (_malformed.Count > 0)
        {
            _parked = read;
            throw NextMalformed();
        }

        return read ? Map() : ItemResult<T>.None;
    }

    private ItemResult<T> Map()
    {
        var csv = _csv!;
        _consumed++;
        _line = -1;
        if (_validator is { Invalid.Count: > 0 } validator)
        {
            CheckUtf8(csv, validator.Invalid);
        }
        else if (_checkEachRecord && !Utf8.IsValid(csv.RawRecord))
        {
            throw Malformed(csv.RawRecord, FileInput.DescribeUndecodable(csv.RawRecord, utf8: true, _encoding));
        }
        else if (_checkReplacement && csv.RawRecord.IndexOf("\uFFFD"u8) >= 0)
        {
            throw Malformed(csv.RawRecord, FileInput.DescribeUndecodable(csv.RawRecord, utf8: false, _encoding));
        }

        if (_minimumLineLength > 0 && LineLength(csv.RawRecord) is var length && length < _minimumLineLength)
        {
            throw Malformed(csv.RawRecord, $"it is {length} characters long, but the columns end at {_minimumLineLength}.");
        }

        try
        {
            return new ItemResult<T>(_map!(_fields!));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw Malformed(csv.RawRecord, ex.Message, ex);
        }
    }

    /// <summary>Whether an invalid byte the validating stream found is in the current record (those before it were in the header, a comment or a skipped record).</summary>
    private void CheckUtf8(CsvReader csv, Queue<long> invalid)
    {
        var start = csv.ByteOffset;
        while (invalid.Count > 0 && invalid.Peek() < start)
        {
            invalid.Dequeue();
        }

        if (invalid.Count == 0)
        {
            return;
        }

        var raw = csv.RawRecord;
        var end = start + raw.Length;
        if (invalid.Peek() >= end)
        {
            return;
        }

        while (invalid.Count > 0 && invalid.Peek() < end)
        {
            invalid.Dequeue();
        }

        throw Malformed(raw, FileInput.DescribeUndecodable(raw, utf8: true, _encoding));
    }

    /// <summary>The length in characters of a line (fixed-width columns count characters); ASCII is one byte a character.</summary>
    private static int LineLength(ReadOnlySpan<byte> utf8) => System.Text.Ascii.IsValid(utf8) ? utf8.Length : Encoding.UTF8.GetCharCount(utf8);

    /// <summary>
    /// The next malformed record as a <see cref="MalformedRecordException"/> a skip policy may skip — or, when a quote problem
    /// ran the record over several lines, an <see cref="ItemStreamException"/> that fails the step: the parser cannot tell where
    /// the records really end, so skipping "one record" would drop every line it swallowed (to the end of the file, for a quote
    /// that is never closed) while counting one skip.
    /// </summary>
    private Exception NextMalformed()
    {
        var record = _malformed.Dequeue();
        _consumed++;
        _line = record.LineNumber;
        if (SwallowedLines(record) is var lines and > 1)
        {
            return new ItemStreamException(
                $"'{_path}' line {record.LineNumber}: a quoted field opened there is not closed where its line ends, so the reader took " +
                $"{lines} lines (to line {record.LineNumber + lines - 1}{(record.Reason == CsvMalformedReason.UnterminatedQuote ? ", the end of the file" : string.Empty)}) as one malformed record; " +
                $"skipping it would drop them all. The record begins: [{Excerpt(Shown(record.RawRecord))}]. Close the quote (a quote inside a quoted field is doubled) and restart the step; " +
                "if no field of this file spans lines, set the reader's AllowLineBreaksInQuotes = false, and each such line is then one malformed record a skip policy can skip.");
        }

        var problem = record.Reason switch
        {
            CsvMalformedReason.FieldCountMismatch => $"it has another number of fields than the header{(_csvOptions.HasHeader ? string.Empty : " (the first record)")} has.",
            CsvMalformedReason.StrayQuote => "a quote inside an unquoted field (quote the whole field and double the quote).",
            CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a quoted field.",
            CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed: the rest of the file was read into it.",
            CsvMalformedReason.LineBreakInQuotes => "a line break inside a quoted field.",
            _ => $"{record.Reason}.",
        };
        return new MalformedRecordException(_path, record.LineNumber, Shown(record.RawRecord), problem);
    }

    /// <summary>The lines a malformed record spans when a quote problem (not a wrong field count) made it span them; 1 otherwise.</summary>
    private static int SwallowedLines(CsvMalformedRecord record)
    {
        if (record.Reason is CsvMalformedReason.FieldCountMismatch or CsvMalformedReason.LineBreakInQuotes)
        {
            return 1;
        }

        var raw = record.RawRecord.AsSpan().TrimEnd("\r\n");
        return raw.Count('\n') + 1;
    }

    /// <summary>The first 200 characters of a record, its line breaks shown as ' / '.</summary>
    private static string Excerpt(string raw)
    {
        var head = raw.Length <= 200 ? raw : raw[..200] + "...";
        return head.Replace("\r\n", " / ", StringComparison.Ordinal).Replace("\n", " / ", StringComparison.Ordinal);
    }

    private MalformedRecordException Malformed(ReadOnlySpan<byte> raw, string problem, Exception? cause = null) =>
        new(_path, Line, Shown(Encoding.UTF8.GetString(raw)), problem, cause);

    /// <summary>The record's text as the file has it (a long delimiter is shown again in place of its replacement).</summary>
    private string Shown(string raw) =>
        _longDelimiter is null ? raw.TrimEnd('\r', '\n') : raw.TrimEnd('\r', '\n').Replace(DelimiterReplacement.ToString(), _longDelimiter, StringComparison.Ordinal);

    private ItemStreamException Unreadable(CsvFormatException ex) =>
        new($"'{_path}' cannot be read past line {(ex.LineNumber > 0 ? ex.LineNumber : Line)}: {ex.Message} Correct the file and restart the step.", ex);

    private static InvalidOperationException NotOpen() => new("The reader is not open: the step opens it (IItemStream.OpenAsync) before reading.");
}
