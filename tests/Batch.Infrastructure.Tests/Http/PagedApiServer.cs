using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Tests.Http;

/// <summary>
/// A paging JSON API on Kestrel at 127.0.0.1 (a port the system picks): <c>GET /items?page=N</c> returns
/// <c>{"items":[{"id":…,"name":…}],"next":N+1}</c> (next null on the last page), with pages that can be told to fail,
/// hang or send broken JSON.
/// </summary>
internal sealed class PagedApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, int> _failuresLeft = new();

    private PagedApiServer(WebApplication app, int itemCount, int pageSize)
    {
        _app = app;
        ItemCount = itemCount;
        PageSize = pageSize;
    }

    public int ItemCount { get; }

    public int PageSize { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every page asked for, in order (failed attempts included).</summary>
    public ConcurrentQueue<int> Requests { get; } = new();

    /// <summary>A page that waits, without answering, until the client gives up.</summary>
    public int HangPage { get; set; }

    /// <summary>A page whose body is cut off in the middle of its JSON.</summary>
    public int MalformedPage { get; set; }

    /// <summary>A page that sends its headers and half its body, then waits without sending more until the client gives up.</summary>
    public int StallBodyPage { get; set; }

    /// <summary>Completed when a request of <see cref="HangPage"/> arrives.</summary>
    public TaskCompletionSource Hung { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<PagedApiServer> StartAsync(int itemCount, int pageSize)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new PagedApiServer(app, itemCount, pageSize);
        app.MapGet("/items", server.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    /// <summary>Makes a page answer 503 the given number of times (int.MaxValue: always) before it succeeds.</summary>
    public void Fail(int page, int times) => _failuresLeft[page] = times;

    public void Heal(int page) => _failuresLeft.TryRemove(page, out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext http)
    {
        var page = int.Parse(http.Request.Query["page"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Requests.Enqueue(page);
        if (_failuresLeft.TryGetValue(page, out var left) && left > 0)
        {
            _failuresLeft[page] = left == int.MaxValue ? left : left - 1;
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (page == HangPage)
        {
            Hung.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        var first = ((page - 1) * PageSize) + 1;
        var last = Math.Min(ItemCount, page * PageSize);
        var json = new StringBuilder("{\"items\":[");
        for (var id = first; id <= last; id++)
        {
            json.Append(id == first ? string.Empty : ",").Append("{\"id\":").Append(id).Append(",\"name\":\"item ").Append(id).Append("\"}");
        }

        var next = last < ItemCount ? (page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        json.Append("],\"next\":").Append(next ?? "null")
            .Append(",\"links\":{\"next\":").Append(next is null ? "null" : $"\"/items?page={next}\"").Append("}}");
        var body = page == MalformedPage ? json.ToString()[..(json.Length / 2)] : json.ToString();
        http.Response.ContentType = "application/json";
        if (page == StallBodyPage)
        {
            http.Response.ContentLength = Encoding.UTF8.GetByteCount(body);
            await http.Response.WriteAsync(body[..(body.Length / 2)]);
            await http.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        await http.Response.WriteAsync(body);
    }
}
