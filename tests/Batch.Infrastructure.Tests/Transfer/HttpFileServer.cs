using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Tests.Transfer;

/// <summary>
/// A Kestrel server on 127.0.0.1 (port chosen by the system) with: <c>/files/{name}</c> (the bytes of <see cref="Files"/>),
/// <c>/hang</c> (never answers), <c>/stall</c> (sends headers and a few bytes, then nothing) and <c>/broken</c> (sends half a
/// file, then drops the connection).
/// </summary>
internal sealed class HttpFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpFileServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Dictionary<string, byte[]> Files { get; } = [];

    public static async Task<HttpFileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        HttpFileServer? server = null;
        app.MapGet("/files/{name}", async (string name, HttpContext http) =>
        {
            if (!server!.Files.TryGetValue(name, out var bytes))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Response.ContentLength = bytes.Length;
            await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        });
        app.MapGet("/hang", (HttpContext http) => Task.Delay(Timeout.Infinite, http.RequestAborted));
        app.MapGet("/stall", async (HttpContext http) =>
        {
            http.Response.ContentLength = 1000;
            await http.Response.Body.WriteAsync(new byte[10], http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        });
        app.MapGet("/broken", async (HttpContext http) =>
        {
            http.Response.ContentLength = 100_000;
            await http.Response.Body.WriteAsync(new byte[50_000], http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            http.Abort();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new HttpFileServer(app, new Uri(address));
        return server;
    }

    public Uri Url(string path) => new(Address, path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
