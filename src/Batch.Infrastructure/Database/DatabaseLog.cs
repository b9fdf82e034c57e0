using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Database;

/// <summary>The log messages of the database readers and writers.</summary>
internal static partial class DatabaseLog
{
    [LoggerMessage(EventId = 1201, Message = "Writer '{Writer}': {Ignored} rows of this chunk already had their key in {Table} and were ignored (ignore duplicates); {Total} so far in this step")]
    public static partial void DuplicatesIgnored(ILogger logger, LogLevel level, string writer, long ignored, string table, long total);

    [LoggerMessage(EventId = 1202, Message = "Writer '{Writer}': {Total} rows in all were ignored as duplicates of keys already in {Table} (kept in the step's context as '{ContextKey}')")]
    public static partial void DuplicatesIgnoredTotal(ILogger logger, LogLevel level, string writer, long total, string table, string contextKey);
}
