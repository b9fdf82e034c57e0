using System.Text.Unicode;

namespace Batch.Infrastructure.Files;

/// <summary>
/// A read-only stream that passes its input through and notes where bytes are not valid UTF-8 (offsets counted from its start), so
/// the reader can tell, from a record's byte offset, whether that record holds any: the check runs once per buffer, vectorized,
/// instead of once per record.
/// </summary>
internal sealed class Utf8ValidatingStream : Stream
{
    private readonly Stream _inner;
    private readonly Queue<long> _invalid = new();
    private readonly byte[] _carry = new byte[4];
    private int _carried;
    private long _position;

    public Utf8ValidatingStream(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>The offsets of invalid sequences not yet claimed by a record, in order.</summary>
    public Queue<long> Invalid => _invalid;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Validate(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Validate(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Validate(ReadOnlySpan<byte> block)
    {
        var start = _position;
        _position += block.Length;
        if (block.IsEmpty)
        {
            if (_carried > 0)
            {
                _invalid.Enqueue(start - _carried); // the input ends inside a sequence
                _carried = 0;
            }

            return;
        }

        var offset = 0;
        if (_carried > 0)
        {
            // Complete the sequence the last block ended in with the first bytes of this one.
            var need = SequenceLength(_carry[0]) - _carried;
            var take = Math.Min(need, block.Length);
            Span<byte> joined = stackalloc byte[4];
            _carry.AsSpan(0, _carried).CopyTo(joined);
            block[..take].CopyTo(joined[_carried..]);
            if (take < need)
            {
                block[..take].CopyTo(_carry.AsSpan(_carried));
                _carried += take;
                return;
            }

            if (!Utf8.IsValid(joined[..(_carried + take)]))
            {
                _invalid.Enqueue(start - _carried);
            }

            _carried = 0;
            offset = take;
        }

        var body = block[offset..];
        var tail = IncompleteTail(body);
        var whole = body[..^tail];
        if (!Utf8.IsValid(whole))
        {
            Locate(whole, start + offset);
        }

        body[^tail..].CopyTo(_carry);
        _carried = tail;
    }

    /// <summary>Notes the offset of every invalid sequence of a block that is not valid (rare, so decoded rune by rune).</summary>
    private void Locate(ReadOnlySpan<byte> bytes, long start)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                _invalid.Enqueue(start + i);
            }

            i += Math.Max(consumed, 1);
        }
    }

    /// <summary>How many bytes at the end begin a sequence that the next block completes (0 to 3).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> bytes)
    {
        for (var i = 1; i <= 3 && i <= bytes.Length; i++)
        {
            var b = bytes[^i];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: look further back for its lead
            }

            return SequenceLength(b) > i ? i : 0;
        }

        return 0;
    }

    private static int SequenceLength(byte lead) => lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}
