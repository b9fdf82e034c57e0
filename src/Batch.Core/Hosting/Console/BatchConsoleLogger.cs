using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Batch.Hosting.Console;

/// <summary>One category's logger of <see cref="BatchConsoleLoggerProvider"/>: one line per record, as the simple console's single-line format.</summary>
internal sealed class BatchConsoleLogger(string category, ConsoleLogLines lines, IOptionsMonitor<BatchConsoleLoggerOptions> options, TimeProvider clock) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        if (string.IsNullOrEmpty(message) && exception is null)
        {
            return;
        }

        var settings = options.CurrentValue;
        var line = new StringBuilder(message.Length + category.Length + 32);
        if (settings.TimestampFormat is { } format)
        {
            var now = settings.UseUtcTimestamp ? clock.GetUtcNow() : clock.GetLocalNow();
            line.Append(now.ToString(format, CultureInfo.InvariantCulture));
        }

        line.Append(Level(logLevel)).Append(": ").Append(category).Append('[').Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ");
        // One record, one line: a message's own line breaks are written as spaces, as the simple console's single-line format does.
        line.Append(message.ReplaceLineEndings(" "));
        if (exception is not null)
        {
            line.Append(Environment.NewLine).Append(exception);
        }

        var error = logLevel >= settings.LogToStandardErrorThreshold;
        lines.Write(line.ToString(), error ? settings.Error ?? System.Console.Error : settings.Output ?? System.Console.Out);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
