using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Database;

/// <summary>The log messages of <see cref="ExternalPostgresCopyItemWriter{T}"/>.</summary>
internal static partial class ExternalCopyLog
{
    [LoggerMessage(1211, LogLevel.Warning, "Writer '{Writer}': {Rows} rows of this chunk were already in {Table} (the chunk was written before its checkpoint committed, by an earlier attempt) and were left as they were")]
    public static partial void RowsAlreadyThere(ILogger logger, string writer, long rows, string table);
}
