using System.Buffers;
using System.Text;

namespace Batch.Infrastructure.Files;

/// <summary>The fields of a delimited record: separated by the delimiter, quoted (quotes doubled) when they hold the delimiter, a quote or a line break.</summary>
internal sealed class DelimitedFieldWriter : FieldWriter
{
    private readonly string _delimiter;
    private readonly char _quote;
    private readonly bool _quoteAll;
    private readonly string _lineEnding;
    private readonly Encoding _encoding;
    private readonly SearchValues<char> _special;
    private readonly LineBuffer _line = new();
    private int _fields;

    public DelimitedFieldWriter(DelimitedFileWriterOptions options)
        : base(options.Culture)
    {
        _delimiter = options.Delimiter;
        _quote = options.Quote;
        _quoteAll = options.QuoteAll;
        _lineEnding = options.LineEnding;
        _encoding = options.Encoding;
        _special = SearchValues.Create([.. options.Delimiter.Distinct(), options.Quote, '\r', '\n']);
    }

    public override void Write(ReadOnlySpan<char> value)
    {
        if (_fields++ > 0)
        {
            _line.Append(_delimiter);
        }

        var needsQuotes = _quoteAll || (_delimiter.Length == 1 ? value.ContainsAny(_special) : value.IndexOfAny(_special) >= 0 && NeedsQuotes(value));
        if (!needsQuotes)
        {
            _line.Append(value);
            return;
        }

        _line.Append(_quote);
        while (true)
        {
            var quote = value.IndexOf(_quote);
            if (quote < 0)
            {
                _line.Append(value);
                break;
            }

            _line.Append(value[..(quote + 1)]);
            _line.Append(_quote);
            value = value[(quote + 1)..];
        }

        _line.Append(_quote);
    }

    /// <summary>The whole line of a header (column names), quoted like fields.</summary>
    public string Line(IReadOnlyList<string> values)
    {
        BeginRecord();
        foreach (var value in values)
        {
            Write(value);
        }

        var text = _line.ToString();
        BeginRecord();
        return text;
    }

    internal override void BeginRecord()
    {
        _line.Clear();
        _fields = 0;
    }

    internal override void EndRecord(ByteBuffer output)
    {
        _line.Append(_lineEnding);
        _line.EncodeTo(_encoding, output);
    }

    /// <summary>For a delimiter of several characters: a quote, a line break, or the whole delimiter (one of its characters alone is harmless).</summary>
    private bool NeedsQuotes(ReadOnlySpan<char> value) =>
        value.IndexOfAny(_quote, '\r', '\n') >= 0 || value.IndexOf(_delimiter, StringComparison.Ordinal) >= 0;
}
