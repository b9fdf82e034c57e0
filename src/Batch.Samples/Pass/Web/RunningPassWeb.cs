using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Samples.Pass.Web;

/// <summary>A started pass web server; dispose it to stop it.</summary>
internal sealed class RunningPassWeb : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningPassWeb(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>Where the server listens (with the real port when port 0 was asked for), ending in <c>/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Completes when the server stops, or stops it when <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the server (Ctrl+C).</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
