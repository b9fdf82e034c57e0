using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Storage;

/// <summary>The log lines of the workbench, the warehouse and the trash.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Removed the workbench folder {Folder} of execution {ExecutionId} of job {Job}.")]
    public static partial void WorkbenchRemoved(ILogger logger, string folder, long executionId, string job);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Kept the workbench folder {Folder} of execution {ExecutionId} ({Status}) for diagnosis: a restart of the instance takes it over.")]
    public static partial void WorkbenchKept(ILogger logger, string folder, long executionId, BatchStatus status);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "Workbench folder of execution {ExecutionId}: {Folder}")]
    public static partial void WorkbenchCreated(ILogger logger, long executionId, string folder);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Information, Message = "Took the workbench folder {From} over for the restart, execution {ExecutionId}: {To}")]
    public static partial void WorkbenchCarriedOver(ILogger logger, string from, string to, long executionId);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Stored {Source} in the warehouse as {Target}.")]
    public static partial void Stored(ILogger logger, string source, string target);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Purged {Count} file(s) stored more than {Retention} ago from the warehouse {Folder}.")]
    public static partial void Purged(ILogger logger, int count, TimeSpan retention, string folder);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Threw {Source} away into {Target} (it may be deleted from {Expiry:yyyy-MM-dd}).")]
    public static partial void ThrownAway(ILogger logger, string source, string target, DateTime expiry);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "Left {Entry} in the trash: its name does not start with a date (yyyyMMdd_).")]
    public static partial void UndatedTrash(ILogger logger, string entry);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Information, Message = "Deleted {Count} expired entr(ies) from the trash {Folder}.")]
    public static partial void Emptied(ILogger logger, int count, string folder);
}
