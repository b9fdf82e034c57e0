using System.Globalization;
using System.Text;

namespace Batch.Infrastructure.Files;

/// <summary>
/// The output file of a file writer, kept in step with the chunk checkpoints: a chunk's bytes are gathered, written, flushed and
/// synced to the disk in <see cref="UpdateAsync"/> (just before the checkpoint commits), and the file's length and item count go
/// into the step's context there. Anything past the committed length is cut off: when the file is opened again after a crash, and
/// whenever a chunk is written again after a rollback.
/// </summary>
/// <remarks>
/// <para>
/// A rolled-back chunk is recognised through the context: the first write of a chunk puts a marker (an attempt number) into the
/// step's context, and the engine puts the last committed context back when it rolls a chunk back, which removes the marker. A
/// write that does not find its marker is the start of a new attempt and cuts the file back to the committed length first. The
/// single-item writes of a fault-tolerant scan all find the marker of their attempt, so they add up; a write that throws takes
/// back what it added. The marker is removed again in <see cref="UpdateAsync"/>, before the commit, so it is never saved.
/// </para>
/// <para>
/// The lines of a chunk are held in memory until the update; past <see cref="SpillBytes"/> they are written to the file early
/// (without a sync; they are cut off too if the chunk does not commit).
/// </para>
/// </remarks>
internal sealed class TransactionalFileOutput
{
    /// <summary>How many bytes of a chunk are held in memory before they are written to the file ahead of the update.</summary>
    internal const int SpillBytes = 1024 * 1024;

    private readonly string _path;
    private readonly Encoding _encoding;
    private readonly string _lineEnding;
    private readonly FileHeaderCallback? _header;
    private readonly FileFooterCallback? _footer;
    private readonly Func<string?> _headerLine;
    private readonly string _offsetKey;
    private readonly string _countKey;
    private readonly string _attemptKey;
    private readonly ByteBuffer _pending = new();
    private FileStream? _stream;
    private BatchExecutionContext? _context;
    private long _filePosition;
    private long _initialOffset;
    private long _items;
    private long _attempt;
    private long _attempts;
    private bool _opened;
    private bool _footerWritten;

    public TransactionalFileOutput(FileWriterOptions options, string defaultName, Func<string?>? headerLine = null)
    {
        _path = options.Path;
        _encoding = options.Encoding;
        _lineEnding = options.LineEnding;
        _header = options.Header;
        _footer = options.Footer;
        _headerLine = headerLine ?? (() => null);
        var name = options.Name ?? defaultName;
        _offsetKey = name + ".offset";
        _countKey = name + ".written";
        _attemptKey = name + ".attempt";
    }

    public string Path => _path;

    public Encoding Encoding => _encoding;

    public string LineEnding => _lineEnding;

    public bool HasFooter => _footer is not null;

    /// <summary>The bytes of the current chunk not yet in the file; formatters write here, between <see cref="BeginWrite"/> and <see cref="EndWriteAsync"/>.</summary>
    public ByteBuffer Pending => _pending;

    /// <summary>The committed length of the file (the context's, or the header's end in a file not committed yet).</summary>
    private long Committed => _context!.GetLong(_offsetKey, _initialOffset);

    /// <summary>Opens the file: creates it on a first run, or opens it and cuts it back to the committed length on a restart.</summary>
    public async ValueTask OpenAsync(BatchExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await CloseAsync().ConfigureAwait(false);
        _context = context;
        _pending.Clear();
        _attempt = 0;
        _footerWritten = false;
        if (context.TryGet<long>(_offsetKey, out var committed))
        {
            _stream = OpenExisting(committed);
            _initialOffset = committed;
            _items = context.GetLong(_countKey, 0);
        }
        else
        {
            _stream = Create();
            try
            {
                WriteHeader();
                await _stream.WriteAsync(_pending.Written, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await _stream.DisposeAsync().ConfigureAwait(false); // the engine closes only the streams whose open succeeded
                _stream = null;
                throw;
            }

            _filePosition = _initialOffset = _pending.Length;
            _pending.Clear();
            _items = 0;
        }

        _opened = true;
    }

    /// <summary>Starts writing a chunk's items (or one item of a scan); returns what to roll back to if formatting them fails.</summary>
    public (int Pending, long Items) BeginWrite()
    {
        var context = _stream is null ? throw new InvalidOperationException($"The writer of '{_path}' is not open: the step opens it (IItemStream.OpenAsync) before writing.") : _context!;
        if (_attempt == 0 || context.GetLong(_attemptKey, 0) != _attempt)
        {
            ResetToCommitted();
            _attempt = ++_attempts;
            context.Put(_attemptKey, _attempt);
        }

        return (_pending.Length, _items);
    }

    /// <summary>Takes back what a failed write added.</summary>
    public void AbortWrite((int Pending, long Items) mark)
    {
        _pending.Truncate(mark.Pending);
        _items = mark.Items;
    }

    /// <summary>Counts the items written; writes the pending bytes to the file when there are many.</summary>
    public ValueTask EndWriteAsync(int items, CancellationToken cancellationToken)
    {
        _items += items;
        return _pending.Length >= SpillBytes ? SpillAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Just before the checkpoint commits: the chunk's bytes are written, flushed and synced, and the file's length goes into the context.</summary>
    public async ValueTask UpdateAsync(BatchExecutionContext context, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new InvalidOperationException($"The writer of '{_path}' is not open.");
        if (_attempt != 0 && context.GetLong(_attemptKey, 0) == _attempt)
        {
            await SpillAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            context.Put(_offsetKey, _filePosition);
            context.Put(_countKey, _items);
            context.Remove(_attemptKey);
            _attempt = 0;
            return;
        }

        // Nothing written in this chunk (its items were filtered out): drop what a rolled-back attempt may have left, and on
        // the first commit of a new file make its header part of what is committed.
        ResetToCommitted();
        if (!context.ContainsKey(_offsetKey))
        {
            stream.Flush(flushToDisk: true);
            context.Put(_offsetKey, _filePosition);
            context.Put(_countKey, _items);
        }
    }

    /// <summary>Closes the file, cutting off what was not committed (a failed chunk's lines).</summary>
    public async ValueTask CloseAsync()
    {
        if (_stream is not { } stream)
        {
            return;
        }

        _stream = null;
        try
        {
            var committed = Committed;
            if (stream.Length != committed)
            {
                stream.SetLength(committed);
            }
        }
        finally
        {
            _pending.Clear();
            _attempt = 0;
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>When the step completed: writes the footer after the committed content, once.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_footer is null || !_opened || _footerWritten || _context is null)
        {
            return;
        }

        _footerWritten = true;
        await CloseAsync().ConfigureAwait(false);
        var committed = Committed;
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = _lineEnding };
        _footer(text, _context.GetLong(_countKey, _items));
        var bytes = _encoding.GetBytes(text.ToString());
        var stream = OpenExisting(committed);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
    }

    private void WriteHeader()
    {
        _pending.Write(_encoding.GetPreamble());
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = _lineEnding };
        _header?.Invoke(text);
        if (_headerLine() is { } line)
        {
            text.Write(line);
            text.Write(_lineEnding);
        }

        var header = text.ToString();
        if (header.Length > 0)
        {
            var bytes = _encoding.GetBytes(header);
            _pending.Write(bytes);
        }
    }

    /// <summary>Forgets the pending bytes and cuts the file back to its committed length.</summary>
    private void ResetToCommitted()
    {
        var stream = _stream!;
        var committed = Committed;
        _pending.Clear();
        _items = _context!.GetLong(_countKey, 0);
        if (_filePosition != committed)
        {
            stream.SetLength(committed);
            stream.Position = committed;
            _filePosition = committed;
        }
    }

    private async ValueTask SpillAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }

        await _stream!.WriteAsync(_pending.Written, cancellationToken).ConfigureAwait(false);
        _filePosition += _pending.Length;
        _pending.Clear();
    }

    private FileStream Create()
    {
        try
        {
            return new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException)
        {
            throw new ItemStreamException($"The output file '{System.IO.Path.GetFullPath(_path)}' cannot be created: its folder does not exist. Create it and restart the step.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ItemStreamException($"The output file '{System.IO.Path.GetFullPath(_path)}' cannot be created: {ex.Message}", ex);
        }
    }

    /// <summary>Opens the file a committed chunk wrote, at its committed length (cutting off what is past it).</summary>
    private FileStream OpenExisting(long committed)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ItemStreamException(
                $"The output file '{System.IO.Path.GetFullPath(_path)}' is missing, but the step's last committed chunk ended at byte {committed} of it. " +
                "Put the file back and restart the step, or start a new job instance to write it anew.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ItemStreamException($"The output file '{System.IO.Path.GetFullPath(_path)}' cannot be opened: {ex.Message}", ex);
        }

        if (stream.Length < committed)
        {
            var length = stream.Length;
            stream.Dispose();
            throw new ItemStreamException(
                $"The output file '{System.IO.Path.GetFullPath(_path)}' has {length} bytes, fewer than the {committed} the step's last committed chunk wrote: " +
                "it was changed or replaced since. Put the file back and restart the step, or start a new job instance to write it anew.");
        }

        if (stream.Length > committed)
        {
            stream.SetLength(committed);
        }

        stream.Position = committed;
        _filePosition = committed;
        return stream;
    }
}
