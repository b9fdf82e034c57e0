using System.Text;

namespace Batch.Infrastructure.Files;

/// <summary>The fields of a fixed-width line: each value placed in its column, aligned and padded; gaps between columns are spaces.</summary>
internal sealed class FixedWidthFieldWriter : FieldWriter
{
    private readonly FixedWidthColumn[] _columns;
    private readonly int _width;
    private readonly bool _truncate;
    private readonly string _lineEnding;
    private readonly Encoding _encoding;
    private readonly LineBuffer _line = new();
    private int _next;

    public FixedWidthFieldWriter(FixedWidthFileWriterOptions options)
        : base(options.Culture)
    {
        _columns = [.. options.Columns];
        _width = _columns.Max(c => c.End);
        _truncate = options.TruncateLongValues;
        _lineEnding = options.LineEnding;
        _encoding = options.Encoding;
    }

    public override void Write(ReadOnlySpan<char> value)
    {
        if (_next >= _columns.Length)
        {
            throw new FormatException($"The record has more fields than the layout's {_columns.Length} columns.");
        }

        var column = _columns[_next++];
        if (value.IndexOfAny(LineBreaks) >= 0)
        {
            throw new FormatException($"The value for column '{column.Name}' holds a line break, which a fixed-width line cannot.");
        }

        if (value.Length > column.Length)
        {
            if (!_truncate)
            {
                throw new FormatException(
                    $"The value '{value}' for column '{column.Name}' is {value.Length} characters long; the column holds {column.Length} (set TruncateLongValues to cut it).");
            }

            value = value[..column.Length];
        }

        Place(column, value);
    }

    internal override void BeginRecord()
    {
        _line.Clear();
        _line.Append(_width).Fill(' ');
        _next = 0;
    }

    internal override void EndRecord(ByteBuffer output)
    {
        while (_next < _columns.Length)
        {
            Place(_columns[_next++], []);
        }

        _line.Append(_lineEnding);
        _line.EncodeTo(_encoding, output);
    }

    private void Place(FixedWidthColumn column, ReadOnlySpan<char> value)
    {
        var cell = _line.Slice(column.Start, column.Length);
        cell.Fill(column.Padding);
        value.CopyTo(column.Alignment == FieldAlignment.Left ? cell : cell[(column.Length - value.Length)..]);
    }
}
