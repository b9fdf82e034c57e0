using Microsoft.Extensions.Logging;

namespace Samples.Collector;

/// <summary>The collector's log lines.</summary>
internal static partial class CollectorLog
{
    [LoggerMessage(9001, LogLevel.Information, "Table {Table}: attempt {Attempt} succeeded, {Rows} rows in the lake and the target, verified against the source")]
    public static partial void TableSucceeded(ILogger logger, string table, int attempt, long rows);

    [LoggerMessage(9002, LogLevel.Error, "Table {Table}: attempt {Attempt} failed: {Reason}")]
    public static partial void TableFailed(ILogger logger, string table, int attempt, string reason);
}
