using Microsoft.Extensions.Logging;

namespace Samples.Squares;

/// <summary>The squares job's log messages.</summary>
internal static partial class SquaresLog
{
    [LoggerMessage(1, LogLevel.Information, "The table holds {Rows} squares summing to {Sum} (expected {Count} summing to {Expected})")]
    public static partial void Summary(ILogger logger, long rows, decimal sum, long count, decimal expected);
}
