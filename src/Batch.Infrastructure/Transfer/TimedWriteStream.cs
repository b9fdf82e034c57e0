namespace Batch.Infrastructure.Transfer;

/// <summary>
/// A write-only view of a stream whose every write must finish within a time limit: an upload to a server that stopped reading
/// (its buffers full) fails instead of waiting forever. The request's writes do not observe their token (HTTP/1.1 cancels a write
/// by closing the connection), so a write past its limit calls <paramref name="abort"/>, which cancels the whole request.
/// </summary>
internal sealed class TimedWriteStream(Stream inner, TimeSpan limit, TimeProvider time, Action abort, Func<Exception, Exception> timedOut) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var registration = timeout.Token.Register(abort);
        try
        {
            await inner.WriteAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw timedOut(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write asynchronously: an upload never blocks a thread.");

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
