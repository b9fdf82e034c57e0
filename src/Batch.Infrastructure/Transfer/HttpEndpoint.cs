using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Transfer;

/// <summary>An HTTP(S) URL, read with GET (the response body is streamed as it arrives) or written with one PUT (<see cref="HttpUploadTarget"/>).</summary>
internal sealed class HttpEndpoint : TransferEndpoint
{
    private readonly Uri _url;
    private readonly Func<IServiceProvider, HttpClient>? _client;

    public HttpEndpoint(Uri url, Func<IServiceProvider, HttpClient>? client)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL.", nameof(url));
        }

        _url = url;
        _client = client;
    }

    public override string Location => new UriBuilder(_url) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();

    public override string FileName => Path.GetFileName(_url.AbsolutePath) is { Length: > 0 } name ? Uri.UnescapeDataString(name) : _url.Host;

    internal override async Task<OpenedSource> OpenReadAsync(TransferRun run, CancellationToken cancellationToken)
    {
        var (client, owned) = Client(run);
        HttpResponseMessage? response = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _url);
            response = await SendAsync(client, request, run, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ItemStreamException(
                    $"GET {Location} answered {(int)response.StatusCode} {response.ReasonPhrase}: check that the file is published there, then restart the job.");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new OpenedSource(stream, new Owner(response, owned ? client : null));
        }
        catch
        {
            response?.Dispose();
            if (owned)
            {
                client.Dispose();
            }

            throw;
        }
    }

    internal override async Task<OpenedTarget> CreateAsync(TransferRun run, CancellationToken cancellationToken)
    {
        var (client, owned) = Client(run);
        return await HttpUploadTarget.StartAsync(client, owned ? client : null, _url, Location, run, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, TransferRun run, CancellationToken cancellationToken)
    {
        var limit = run.Options.ConnectTimeout + run.Options.ReadTimeout;
        using var timeout = new CancellationTokenSource(limit, run.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            // The handler's ConnectTimeout gave up before the whole wait did.
            throw new ItemStreamException(
                $"{request.Method} {Location}: no connection within the connect timeout of {run.Options.ConnectTimeout.TotalSeconds:0.###} s: " +
                "check that the server is up and reachable (a firewall that drops packets looks like this), then restart the job.", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ItemStreamException(
                $"{request.Method} {Location} did not answer within {limit.TotalSeconds:0.###} s (connect timeout {run.Options.ConnectTimeout.TotalSeconds:0.###} s, read timeout {run.Options.ReadTimeout.TotalSeconds:0.###} s): " +
                "check that the server is up and reachable (a firewall that drops packets looks like this), then restart the job.", e);
        }
        catch (HttpRequestException e)
        {
            throw new ItemStreamException(
                $"{request.Method} {Location} failed: {e.Message} Check that the server is up and its address is right, then restart the job.", e);
        }
    }

    private (HttpClient Client, bool Owned) Client(TransferRun run)
    {
        if (_client is not null)
        {
            return (_client(run.Services), false);
        }

        var handler = new SocketsHttpHandler { ConnectTimeout = run.Options.ConnectTimeout, AutomaticDecompression = DecompressionMethods.None };
        return (new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, true);
    }

    private sealed class Owner(HttpResponseMessage response, HttpClient? client) : IDisposable
    {
        public void Dispose()
        {
            response.Dispose();
            client?.Dispose();
        }
    }
}
