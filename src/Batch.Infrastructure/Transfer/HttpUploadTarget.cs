namespace Batch.Infrastructure.Transfer;

/// <summary>
/// An upload in progress: one request (PUT by default) whose body is the file, streamed as the source is read. <see cref="CommitAsync"/>
/// ends the body and waits for the server's answer; disposing without committing aborts the request, so a server that stores a
/// body only once it has all of it (as servers do with a body that never ended) never holds part of the file.
/// </summary>
internal sealed class HttpUploadTarget : OpenedTarget
{
    private readonly UploadContent _content;
    private readonly HttpRequestMessage _request;
    private readonly Task<HttpResponseMessage> _response;
    private readonly CancellationTokenSource _abort;
    private readonly HttpClient? _ownedClient;
    private readonly string _location;
    private readonly TransferRun _run;
    private readonly Stream _stream;
    private bool _committed;

    private HttpUploadTarget(
        UploadContent content, HttpRequestMessage request, Task<HttpResponseMessage> response, CancellationTokenSource abort, HttpClient? ownedClient,
        string location, TransferRun run, Stream body)
    {
        _content = content;
        _request = request;
        _response = response;
        _abort = abort;
        _ownedClient = ownedClient;
        _location = location;
        _run = run;
        _stream = new TimedWriteStream(body, run.Options.ReadTimeout, run.Time, abort.Cancel, e => new ItemStreamException(
            $"{request.Method} {location} took no data for the read timeout of {run.Options.ReadTimeout.TotalSeconds:0.###} s: the server stopped reading the file; " +
            "check that it is up and has room, then restart the job (the upload was aborted, so the server holds no part of it).", e));
    }

    public override Stream Stream => _stream;

    /// <summary>Sends the request's headers and waits until its body can be written (or the server answered or failed first).</summary>
    public static async Task<HttpUploadTarget> StartAsync(
        HttpClient client, HttpClient? ownedClient, Uri url, string location, TransferRun run, CancellationToken cancellationToken)
    {
        var content = new UploadContent();
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(new HttpMethod(run.Options.HttpUploadMethod), url) { Content = content };
        var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var response = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token);
        var limit = run.Options.ConnectTimeout + run.Options.ReadTimeout;
        try
        {
            var first = await Task.WhenAny(content.Body, response).WaitAsync(limit, run.Time, cancellationToken).ConfigureAwait(false);
            if (first == content.Body)
            {
                return new HttpUploadTarget(content, request, response, abort, ownedClient, location, run, await content.Body.ConfigureAwait(false));
            }

            using var early = await response.ConfigureAwait(false);
            throw new ItemStreamException(
                $"{request.Method} {location} answered {(int)early.StatusCode} {early.ReasonPhrase} before the file was sent: check the URL and the credentials, then restart the job.");
        }
        catch (Exception e)
        {
            await AbandonAsync(content, abort, response).ConfigureAwait(false);
            request.Dispose();
            ownedClient?.Dispose();
            if (e is TimeoutException)
            {
                throw new ItemStreamException(
                    $"{request.Method} {location} did not take the upload within {limit.TotalSeconds:0.###} s (connect timeout {run.Options.ConnectTimeout.TotalSeconds:0.###} s, " +
                    $"read timeout {run.Options.ReadTimeout.TotalSeconds:0.###} s): check that the server is up and reachable, then restart the job.", e);
            }

            if (e is HttpRequestException)
            {
                throw new ItemStreamException($"{request.Method} {location} failed: {e.Message} Check that the server is up and its address is right, then restart the job.", e);
            }

            throw;
        }
    }

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _content.Complete();
        HttpResponseMessage response;
        try
        {
            response = await _response.WaitAsync(_run.Options.ReadTimeout, _run.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new ItemStreamException(
                $"{_request.Method} {_location} did not answer within the read timeout of {_run.Options.ReadTimeout.TotalSeconds:0.###} s after the whole file was sent: " +
                "check on the server whether it stored the file, then restart the job.", e);
        }
        catch (HttpRequestException e)
        {
            throw new ItemStreamException($"{_request.Method} {_location} failed while the file was sent: {e.Message} Restart the job once the server is available.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new ItemStreamException(
                    $"{_request.Method} {_location} answered {(int)response.StatusCode} {response.ReasonPhrase}: the server did not store the file; " +
                    "check its log and its space, then restart the job.");
            }
        }

        _committed = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await AbandonAsync(_content, _abort, _response).ConfigureAwait(false);
        }

        _abort.Dispose();
        _request.Dispose();
        _ownedClient?.Dispose();
    }

    private static async Task AbandonAsync(UploadContent content, CancellationTokenSource abort, Task<HttpResponseMessage> response)
    {
        content.Abort();
        await abort.CancelAsync().ConfigureAwait(false);
        try
        {
            (await response.ConfigureAwait(false)).Dispose();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // The request was aborted on purpose: nothing to report beyond the failure that abandoned it.
        }
    }
}
