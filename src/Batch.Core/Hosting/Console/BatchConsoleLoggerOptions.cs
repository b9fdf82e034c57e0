using Microsoft.Extensions.Logging;

namespace Batch.Hosting.Console;

/// <summary>How <see cref="BatchConsoleLoggingExtensions.AddBatchConsole"/> writes its lines.</summary>
public sealed class BatchConsoleLoggerOptions
{
    /// <summary>The timestamp at the start of each line (a .NET date format, e.g. <c>"HH:mm:ss "</c>); null writes none. Default <c>"HH:mm:ss "</c>.</summary>
    public string? TimestampFormat { get; set; } = "HH:mm:ss ";

    /// <summary>Whether the timestamp is in UTC rather than local time. Default false.</summary>
    public bool UseUtcTimestamp { get; set; }

    /// <summary>Records at or above this level go to standard error instead of standard output. Default <see cref="LogLevel.None"/> (all to standard output).</summary>
    public LogLevel LogToStandardErrorThreshold { get; set; } = LogLevel.None;

    /// <summary>Where the lines go when no progress bars are shown; null (the default) is <see cref="System.Console.Out"/> at the time of each line.</summary>
    public TextWriter? Output { get; set; }

    /// <summary>Where the lines at or above <see cref="LogToStandardErrorThreshold"/> go; null (the default) is <see cref="System.Console.Error"/>.</summary>
    public TextWriter? Error { get; set; }
}
