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
/// file, then drops the connection), <c>/half-then-drop/{upload}</c> (sends half a file, waits until the upload named
/// <c>{upload}</c> has reached the server, then drops the connection); and for uploads <c>PUT /uploads/{name}</c> (stored in <see cref="Uploads"/> once the whole
/// body has arrived, 201; a body cut off counts in <see cref="AbortedUploads"/>), <c>PUT /uploads-refused/{name}</c> (reads the body,
/// answers 507) and <c>PUT /uploads-stalled/{name}</c> (never reads the body).
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

    public System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Uploads { get; } = new();

    public int AbortedUploads => _abortedUploads;

    private int _abortedUploads;

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
        app.MapMethods("/uploads/{name}", ["PUT", "POST"], async (string name, HttpContext http) =>
        {
            using var body = new MemoryStream();
            server!.UploadStarted(name).TrySetResult();
            try
            {
                await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
            {
                Interlocked.Increment(ref server!._abortedUploads);
                return;
            }

            server!.Uploads[name] = body.ToArray();
            http.Response.StatusCode = StatusCodes.Status201Created;
        });
        app.MapGet("/half-then-drop/{upload}", async (string upload, HttpContext http) =>
        {
            http.Response.ContentLength = 100_000;
            await http.Response.Body.WriteAsync(new byte[50_000], http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await server!.UploadStarted(upload).Task.WaitAsync(http.RequestAborted);
            http.Abort();
        });
        app.MapPut("/uploads-refused/{name}", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            http.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
        });
        app.MapPut("/uploads-stalled/{name}", (HttpContext http) => Task.Delay(Timeout.Infinite, http.RequestAborted));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new HttpFileServer(app, new Uri(address));
        return server;
    }

    public Uri Url(string path) => new(Address, path);

    /// <summary>Completes when a request to upload <paramref name="name"/> has reached the server.</summary>
    public TaskCompletionSource UploadStarted(string name) =>
        _uploadsStarted.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _uploadsStarted = new();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
