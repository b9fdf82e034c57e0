using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Pass;

/// <summary>
/// The <c>pass-demo</c> command's stand-in for a messaging service, used only when no <c>Pass:Notifications:Url</c> is configured: a real
/// HTTP server (Kestrel) on 127.0.0.1 and a free port, speaking the API <see cref="HttpNotificationSender"/> sends to — <c>POST</c> of
/// <c>{"id", "to", "text"}</c> with an <c>Idempotency-Key</c> header. It answers 200 and writes each message it has not had before as one JSON
/// line to a file (a message sent again with a key it already has is answered 200 and counted as a duplicate, as an idempotent service
/// does); a request without a key or with a malformed body gets a 400. Nothing is sent to anyone.
/// </summary>
internal sealed class DemoMessagingService : IAsyncDisposable
{
    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };   // a file, not HTML: '+' and Hangul as they are

    private readonly WebApplication _app;
    private readonly StreamWriter _file;
    private readonly HashSet<string> _keys = [];
    private readonly SemaphoreSlim _write = new(1, 1);
    private int _duplicates;

    private DemoMessagingService(WebApplication app, StreamWriter file, string path)
    {
        _app = app;
        _file = file;
        FilePath = path;
    }

    /// <summary>The URL to send to (<c>http://127.0.0.1:{port}/messages/</c>).</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The JSON-lines file of the messages received.</summary>
    public string FilePath { get; }

    /// <summary>The distinct messages received (by idempotency key).</summary>
    public int Delivered
    {
        get
        {
            lock (_keys)
            {
                return _keys.Count;
            }
        }
    }

    /// <summary>Messages received again with a key already delivered (answered 200, not written again).</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Starts the service; the file is created (replaced) empty.</summary>
    /// <param name="filePath">The JSON-lines file to write the messages to.</param>
    /// <param name="cancellationToken">Cancellation of the start.</param>
    /// <returns>The started service.</returns>
    public static async Task<DemoMessagingService> StartAsync(string filePath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        var file = new StreamWriter(filePath, append: false, new UTF8Encoding(false));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var service = new DemoMessagingService(app, file, Path.GetFullPath(filePath));
        app.Run(service.ReceiveAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        service.Url = address.TrimEnd('/') + "/messages/";
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _file.DisposeAsync();
        _write.Dispose();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/messages/")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        long id;
        string to;
        string text;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            id = body.RootElement.GetProperty("id").GetInt64();
            to = body.RootElement.GetProperty("to").GetString() ?? string.Empty;
            text = body.RootElement.GetProperty("text").GetString() ?? string.Empty;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            await Refuse(context, "the body must be JSON with id (a number), to and text");
            return;
        }

        if (key.Length == 0)
        {
            await Refuse(context, "the Idempotency-Key header is missing");
            return;
        }

        bool first;
        lock (_keys)
        {
            first = _keys.Add(key);
        }

        if (!first)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        var line = JsonSerializer.Serialize(new { key, id, to, text, receivedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) }, LineOptions);
        await _write.WaitAsync(context.RequestAborted);
        try
        {
            await _file.WriteLineAsync(line);
            await _file.FlushAsync(context.RequestAborted);
        }
        finally
        {
            _write.Release();
        }
    }

    private static Task Refuse(HttpContext context, string why)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsync("Refused: " + why + ".", context.RequestAborted);
    }
}
