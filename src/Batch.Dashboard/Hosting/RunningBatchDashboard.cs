using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Batch.Dashboard.Hosting;

/// <summary>A started standalone dashboard server. Dispose it to stop it.</summary>
public sealed class RunningBatchDashboard : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningBatchDashboard(WebApplication app, IReadOnlyList<Uri> addresses, string pathBase)
    {
        _app = app;
        Addresses = addresses;
        DashboardUri = new Uri(addresses[0], pathBase.TrimEnd('/') + "/");
    }

    /// <summary>The addresses Kestrel listens on (with the real port when port 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The dashboard's main page on the first address.</summary>
    public Uri DashboardUri { get; }

    /// <summary>Completes when the server stops.</summary>
    /// <param name="cancellationToken">Stops the server when cancelled.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server (jobs the dashboard launched are stopped at a chunk boundary).</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
