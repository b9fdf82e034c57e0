using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Batch.Samples.Collector.Tests;

/// <summary>
/// The night's HTTP API on Kestrel at 127.0.0.1: <c>GET /v1/items?page=N&amp;size=S</c> returns <c>{"items":[…]}</c>, page N of
/// <see cref="ItemCount"/> items. It misbehaves deterministically, never at random: every third request (counted over all requests)
/// answers 503; the request numbered <see cref="HangOnRequest"/> does not answer until <see cref="Release"/> or the client gives up;
/// a page in <see cref="DownPages"/> answers 503 every time (an outage the test ends with <see cref="Heal"/>), and a page in
/// <see cref="DownFor"/> to its next so many requests.
/// </summary>
internal sealed class NightApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    private NightApiServer(WebApplication app, int itemCount)
    {
        _app = app;
        ItemCount = itemCount;
    }

    public int ItemCount { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every third request fails with 503 (0: none).</summary>
    public int FailEvery { get; set; } = 3;

    /// <summary>The request number (1-based, over all requests) that hangs; 0 for none.</summary>
    public int HangOnRequest { get; set; }

    /// <summary>Pages that answer 503 every time.</summary>
    public ConcurrentDictionary<int, bool> DownPages { get; } = new();

    /// <summary>Pages that answer 503 to their next so many requests.</summary>
    public ConcurrentDictionary<int, int> DownFor { get; } = new();

    /// <summary>Every request: its number, its page, the status answered (0 for a hang) and its raw request target.</summary>
    public ConcurrentQueue<(int Number, int Page, int Status, string Target)> Requests { get; } = new();

    /// <summary>Completed when the hanging request arrives.</summary>
    public TaskCompletionSource Hung { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<NightApiServer> StartAsync(int itemCount)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new NightApiServer(app, itemCount);
        app.MapGet("/v1/items", server.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    /// <summary>The item of an id, as the API sends it.</summary>
    public static string Item(int id) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"id\":{id},\"name\":\"item {id}\",\"price\":{id * 0.25m},\"at\":\"{new DateTime(2026, 11, 30, 0, 0, 0).AddSeconds(id).AddTicks(1234560):yyyy-MM-ddTHH:mm:ss.ffffff}\"," +
        $"\"ok\":{(id % 2 == 0 ? "true" : "false")},\"note\":{(id % 10 == 0 ? "null" : $"\"n{id}\"")},\"day\":\"{new DateTime(2026, 1, 1).AddDays(id % 300):yyyy-MM-dd}\"}}");

    /// <summary>Ends the hanging request (it answers 503).</summary>
    public void Release() => _release.TrySetResult();

    /// <summary>Ends the outage of a page.</summary>
    public void Heal(int page) => DownPages.TryRemove(page, out _);

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext http)
    {
        var number = Interlocked.Increment(ref _requests);
        var page = int.Parse(http.Request.Query["page"].ToString(), CultureInfo.InvariantCulture);
        var size = int.Parse(http.Request.Query["size"].ToString(), CultureInfo.InvariantCulture);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path;
        if (number == HangOnRequest)
        {
            Requests.Enqueue((number, page, 0, target));
            Hung.TrySetResult();
            try
            {
                await _release.Task.WaitAsync(http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var down = DownFor.TryGetValue(page, out var left) && left > 0 && DownFor.TryUpdate(page, left - 1, left);
        if (down || DownPages.ContainsKey(page) || (FailEvery > 0 && number % FailEvery == 0))
        {
            Requests.Enqueue((number, page, 503, target));
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        Requests.Enqueue((number, page, 200, target));
        var first = ((page - 1) * size) + 1;
        var last = Math.Min(ItemCount, page * size);
        var json = new StringBuilder("{\"items\":[");
        for (var id = first; id <= last; id++)
        {
            json.Append(id == first ? string.Empty : ",").Append(Item(id));
        }

        json.Append("]}");
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json.ToString());
    }
}
