namespace Batch.Infrastructure.Transfer;

/// <summary>A source being read: its stream and whatever else must be closed with it (a response, an SFTP connection).</summary>
internal sealed class OpenedSource(Stream stream, IDisposable? owner = null) : IAsyncDisposable
{
    public Stream Stream { get; } = stream;

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        owner?.Dispose();
    }
}
