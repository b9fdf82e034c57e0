using System.Buffers;
using System.Globalization;

namespace Batch.Infrastructure.Files;

/// <summary>
/// Where a <see cref="RecordFormatter{T}"/> writes the fields of one item, in column order: text as is, numbers and dates
/// formatted with the writer's culture (invariant by default) into a buffer, without allocating. The writer quotes (delimited)
/// or pads (fixed width) each field and ends the line. The same instance serves every item; do not keep it.
/// </summary>
public abstract class FieldWriter
{
    private readonly bool _gregorian;
    private char[] _scratch = new char[128];

    private protected FieldWriter(IFormatProvider culture)
    {
        Culture = culture;
        _gregorian = DateTimeFormatInfo.GetInstance(culture).Calendar is GregorianCalendar;
    }

    /// <summary>The culture numbers and dates are formatted with.</summary>
    public IFormatProvider Culture { get; }

    /// <summary>Writes the next field.</summary>
    /// <param name="value">Its text.</param>
    public abstract void Write(ReadOnlySpan<char> value);

    /// <summary>Writes the next field; null is an empty field.</summary>
    /// <param name="value">Its text.</param>
    public void Write(string? value) => Write(value.AsSpan());

    /// <summary>Writes <c>true</c> or <c>false</c> as the next field.</summary>
    /// <param name="value">The value.</param>
    public void Write(bool value) => Write(value ? "true" : "false");

    /// <summary>Writes the next field: a number, a date, a <see cref="Guid"/>... formatted with the writer's culture.</summary>
    /// <typeparam name="TValue">The type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="format">A format string (<c>0.00</c>, <c>yyyy-MM-dd</c>), or empty for the type's default.</param>
    public void Write<TValue>(TValue value, ReadOnlySpan<char> format = default)
        where TValue : ISpanFormattable
    {
        if (typeof(TValue) == typeof(DateOnly) && _gregorian && format.SequenceEqual("yyyy-MM-dd"))
        {
            format = "O"; // the same text in a Gregorian calendar, through the ISO fast path instead of the custom-format parser
        }

        int written;
        while (!value.TryFormat(_scratch, out written, format, Culture))
        {
            _scratch = new char[_scratch.Length * 2];
        }

        Write(_scratch.AsSpan(0, written));
    }

    /// <summary>Writes the next field, empty when the value is null.</summary>
    /// <typeparam name="TValue">The type.</typeparam>
    /// <param name="value">The value, or null.</param>
    /// <param name="format">A format string, or empty for the type's default.</param>
    public void Write<TValue>(TValue? value, ReadOnlySpan<char> format = default)
        where TValue : struct, ISpanFormattable
    {
        if (value is { } present)
        {
            Write(present, format);
        }
        else
        {
            Write(ReadOnlySpan<char>.Empty);
        }
    }

    /// <summary>Starts a record.</summary>
    internal abstract void BeginRecord();

    /// <summary>Ends a record: its text (line ending included) is encoded into the output's pending bytes.</summary>
    internal abstract void EndRecord(ByteBuffer output);

    /// <summary>A growable line of characters.</summary>
    private protected sealed class LineBuffer
    {
        private char[] _chars = new char[256];

        public int Length { get; private set; }

        public Span<char> Append(int count)
        {
            if (Length + count > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(Length + count, _chars.Length * 2));
            }

            var span = _chars.AsSpan(Length, count);
            Length += count;
            return span;
        }

        public void Append(ReadOnlySpan<char> text) => text.CopyTo(Append(text.Length));

        public void Append(char c) => Append(1)[0] = c;

        public void Clear() => Length = 0;

        public Span<char> Slice(int start, int length) => _chars.AsSpan(start, length);

        public override string ToString() => new(_chars, 0, Length);

        public void EncodeTo(System.Text.Encoding encoding, ByteBuffer output)
        {
            var chars = _chars.AsSpan(0, Length);
            var bytes = output.GetSpan(encoding.GetMaxByteCount(chars.Length));
            output.Advance(encoding.GetBytes(chars, bytes));
        }
    }

    /// <summary>Characters that end a line.</summary>
    private protected static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n");
}
