using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>A logger factory that keeps every message (thread-safe).</summary>
internal sealed class LogRecorder : ILoggerFactory, ILoggerProvider
{
    private readonly List<string> _messages = [];
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    /// <summary>Every message with its level.</summary>
    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_messages)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._messages)
            {
                var message = formatter(state, exception);
                owner._messages.Add(message);
                owner._entries.Add((logLevel, message));
            }
        }
    }
}
