using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Database;

/// <summary>The log messages of the database readers and writers.</summary>
internal static partial class DatabaseLog
{
    [LoggerMessage(1201, LogLevel.Warning, "Writer '{Writer}': {Ignored} rows of this chunk already had their key in {Table} and were ignored (ignore duplicates); {Total} so far in this step")]
    public static partial void DuplicatesIgnored(ILogger logger, string writer, long ignored, string table, long total);

    [LoggerMessage(1202, LogLevel.Warning, "Writer '{Writer}': {Total} rows in all were ignored as duplicates of keys already in {Table} (kept in the step's context as '{ContextKey}')")]
    public static partial void DuplicatesIgnoredTotal(ILogger logger, string writer, long total, string table, string contextKey);
}
