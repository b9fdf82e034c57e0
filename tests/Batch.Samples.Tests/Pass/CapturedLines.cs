using Microsoft.Extensions.Logging;

namespace Batch.Samples.Tests.Pass;

/// <summary>A logger provider that keeps the formatted lines of one category, and lets a test wait (on a condition, with a generous limit) for a line.</summary>
/// <param name="category">The category kept, such as <c>Batch.Schedule</c>.</param>
public sealed class CapturedLines(string category) : ILoggerProvider
{
    private readonly List<string> _lines = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The lines so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the lines, re-checked at each new line, for at most 60 s.</summary>
    public async Task UntilAsync(Func<IReadOnlyList<string>, bool> condition, string what)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Task added;
            lock (_lines)
            {
                added = _added.Task;
            }

            if (condition(Lines))
            {
                return;
            }

            var left = TimeSpan.FromSeconds(60) - limit.Elapsed;
            if (left <= TimeSpan.Zero || await Task.WhenAny(added, Task.Delay(left)) != added)
            {
                Assert.Fail($"Waited 60 s for {what}; the log said:\n{string.Join("\n", Lines)}");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => categoryName == category ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
        // nothing to release: the lines stay readable after the host is gone
    }

    private void Add(string line)
    {
        TaskCompletionSource added;
        lock (_lines)
        {
            _lines.Add(line);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.SetResult();
    }

    private sealed class Logger(CapturedLines owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(formatter(state, exception));
    }
}
