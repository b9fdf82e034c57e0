using System.Net;

namespace Batch.Infrastructure.Transfer;

/// <summary>
/// The body of an HTTP upload, written by the transfer as it reads the source: <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/>
/// hands the request's stream to the writer (<see cref="Body"/>) and returns when the writer <see cref="Complete"/>s — the request's
/// body then ends properly (its last chunk) — or fails when the writer <see cref="Abort"/>s, which aborts the request, so the server
/// sees a body that never ended and stores nothing. Its length is unknown up front (chunked transfer encoding).
/// </summary>
internal sealed class UploadContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _body = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request's body stream, once the request is sending it.</summary>
    public Task<Stream> Body => _body.Task;

    /// <summary>Ends the body: every byte is written.</summary>
    public void Complete() => _done.TrySetResult();

    /// <summary>Abandons the body: the request is aborted.</summary>
    public void Abort() => _done.TrySetException(new IOException("The upload was abandoned before the whole file was sent."));

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!_body.TrySetResult(stream))
        {
            // A handler that sends the request again (a retry on a new connection) cannot get the bytes already written.
            throw new IOException("The upload's body cannot be sent twice: restart the job to upload the file again.");
        }

        await _done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
