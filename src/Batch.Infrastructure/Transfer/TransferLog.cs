using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Transfer;

/// <summary>The log lines of file transfers.</summary>
internal static partial class TransferLog
{
    [LoggerMessage(EventId = 1251, Level = LogLevel.Information, Message = "Transferring {Source} to {Destination}.")]
    public static partial void Starting(ILogger logger, string source, string destination);

    [LoggerMessage(EventId = 1252, Level = LogLevel.Information, Message = "Transferred {Name} from {Source} to {Destination}: {Size} bytes, SHA-256 {Sha256}.")]
    public static partial void Transferred(ILogger logger, string name, string source, string destination, long size, string sha256);
}
