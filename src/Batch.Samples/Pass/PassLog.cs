using Microsoft.Extensions.Logging;

namespace Samples.Pass;

/// <summary>The pass sample's log messages.</summary>
internal static partial class PassLog
{
    public const string Category = "Samples.Pass";

    [LoggerMessage(1, LogLevel.Information, "Bulk pass {BulkPassId} issued to the {Count} members of group {GroupId}")]
    public static partial void BulkPassIssued(ILogger logger, long bulkPassId, long groupId, int count);

    [LoggerMessage(2, LogLevel.Information, "Seeded {Members} members, {Groups} groups, {Packages} packages, {Passes} passes, {BulkPasses} bulk passes and {Bookings} bookings")]
    public static partial void Seeded(ILogger logger, int members, int groups, int packages, int passes, int bulkPasses, int bookings);

    [LoggerMessage(3, LogLevel.Information, "The {Kind} report {Path} has {Periods} rows")]
    public static partial void ReportWritten(ILogger logger, string kind, string path, int periods);
}
