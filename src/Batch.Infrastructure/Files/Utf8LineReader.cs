using System.Buffers;
using System.Runtime.CompilerServices;

namespace Batch.Infrastructure.Files;

/// <summary>
/// The lines of a UTF-8 stream as byte spans, for the JSON lines reader: each line ends at LF (a CR before it is dropped), the
/// last one may end at the end of the stream. A line is valid until the next read; a line longer than the buffer grows it.
/// </summary>
internal sealed class Utf8LineReader : IAsyncDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _lineStart;
    private int _lineLength;
    private bool _eof;

    public Utf8LineReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The current line, without its line break.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>The 1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Moves to the next line; false at the end of the stream. Synchronous while whole lines are buffered.</summary>
    public ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken) =>
        TryTakeLine() ? new(true) : _eof ? new(false) : ReadLineSlowAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return _stream.DisposeAsync();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadLineSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
            if (TryTakeLine())
            {
                return true;
            }

            if (_eof)
            {
                return false;
            }
        }
    }

    private bool TryTakeLine()
    {
        var pending = _buffer.AsSpan(_start, _end - _start);
        var newline = pending.IndexOf((byte)'\n');
        int length;
        int consumed;
        if (newline >= 0)
        {
            length = newline;
            consumed = newline + 1;
        }
        else if (_eof && pending.Length > 0)
        {
            length = pending.Length;
            consumed = pending.Length;
        }
        else
        {
            return false;
        }

        if (length > 0 && pending[length - 1] == (byte)'\r')
        {
            length--;
        }

        _lineStart = _start;
        _lineLength = length;
        _start += consumed;
        LineNumber++;
        return true;
    }

    /// <summary>Moves the unread bytes to the front of the buffer, and doubles it when they fill it (a long line).</summary>
    private void MakeRoom()
    {
        var unread = _end - _start;
        if (unread == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(_start, unread).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        }

        _start = 0;
        _end = unread;
    }
}
