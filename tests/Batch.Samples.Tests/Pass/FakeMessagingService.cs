using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// A messaging service on 127.0.0.1 for <c>HttpNotificationSender</c>: records every request (idempotency key, recipient, text), accepts it
/// with 200, or refuses the notifications given to <see cref="RefuseOnce"/> with a 500 the first time they come.
/// </summary>
public sealed class FakeMessagingService : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<Message> _received = [];
    private readonly HashSet<long> _refuseOnce = [];
    private readonly Task _loop;

    private FakeMessagingService(int port)
    {
        Url = $"http://127.0.0.1:{port}/messages/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Where the service listens.</summary>
    public string Url { get; }

    /// <summary>Every request, in the order received.</summary>
    public IReadOnlyList<Message> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The messages accepted (200).</summary>
    public IReadOnlyList<Message> Accepted => [.. Received.Where(m => m.Accepted)];

    public static FakeMessagingService Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new FakeMessagingService(port);
    }

    /// <summary>Refuses the notification with this id with a 500, once.</summary>
    public void RefuseOnce(long id)
    {
        lock (_lock)
        {
            _refuseOnce.Add(id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
            var id = body.RootElement.GetProperty("id").GetInt64();
            bool accepted;
            lock (_lock)
            {
                accepted = !_refuseOnce.Remove(id);
                _received.Add(new Message(
                    context.Request.Headers["Idempotency-Key"] ?? string.Empty,
                    id,
                    body.RootElement.GetProperty("to").GetString()!,
                    body.RootElement.GetProperty("text").GetString()!,
                    accepted));
            }

            context.Response.StatusCode = accepted ? 200 : 500;
            context.Response.Close();
        }
    }

    /// <summary>One request.</summary>
    public sealed record Message(string Key, long Id, string To, string Text, bool Accepted);
}
