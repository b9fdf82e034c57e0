using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// A messaging service for the pass workload's notify-before-class: Kestrel on 127.0.0.1 that reads every POST's body, answers 200 and
/// counts the requests, so the send step's rate is the sample's HTTP sender against a server that costs next to nothing.
/// </summary>
internal sealed class LoopbackMessaging : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _received;

    private LoopbackMessaging(WebApplication app) => _app = app;

    /// <summary>The URL to POST notifications to.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The requests received so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    public static async Task<LoopbackMessaging> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var messaging = new LoopbackMessaging(app);
        app.MapPost("/messages", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null, request.HttpContext.RequestAborted);
            Interlocked.Increment(ref messaging._received);
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        messaging.Url = app.Urls.First().TrimEnd('/') + "/messages";
        return messaging;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
