using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// A messaging service on 127.0.0.1 for <c>HttpNotificationSender</c>: records every request (idempotency key, recipient, text), accepts it
/// with 200, or refuses the notifications given to <see cref="RefuseOnce"/> with a 500 the first time they come. <see cref="HoldAt"/> makes
/// it stop answering at a given request (recorded, not answered) until <see cref="Release"/>: the test then knows a send is in flight.
/// </summary>
public sealed class FakeMessagingService : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<Message> _received = [];
    private readonly HashSet<long> _refuseOnce = [];
    private readonly Task _loop;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holdAt = int.MaxValue;

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

    /// <summary>Records the <paramref name="request"/>-th request (1 for the first) and every later one, but answers none until <see cref="Release"/>.</summary>
    public void HoldAt(int request) => Volatile.Write(ref _holdAt, request);

    /// <summary>Completes once a request is held (see <see cref="HoldAt"/>).</summary>
    public Task Held => _held.Task;

    /// <summary>Answers the held request and goes on answering.</summary>
    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
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

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException or JsonException)
            {
                // the sender is gone (its process was killed while its request was held or being read)
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
        var id = body.RootElement.GetProperty("id").GetInt64();
        bool accepted;
        int count;
        lock (_lock)
        {
            accepted = !_refuseOnce.Remove(id);
            _received.Add(new Message(
                context.Request.Headers["Idempotency-Key"] ?? string.Empty,
                id,
                body.RootElement.GetProperty("to").GetString()!,
                body.RootElement.GetProperty("text").GetString()!,
                accepted));
            count = _received.Count;
        }

        if (count >= Volatile.Read(ref _holdAt))
        {
            _held.TrySetResult();
            await _released.Task;
        }

        context.Response.StatusCode = accepted ? 200 : 500;
        context.Response.Close();
    }

    /// <summary>One request.</summary>
    public sealed record Message(string Key, long Id, string To, string Text, bool Accepted);
}
