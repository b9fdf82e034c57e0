using Microsoft.EntityFrameworkCore;

namespace Samples.Pass;

/// <summary>
/// What the pass jobs change, counted by the sample's own queries (not by the jobs): read before and after each job of <c>pass-demo</c>,
/// the differences are what the job did.
/// </summary>
internal sealed record PassCounts(
    int Members,
    int BookingsCharged,
    long SessionsLeft,
    int PassesExpired,
    int BulkPassesIssued,
    int PassesFromBulkPasses,
    int Notifications,
    int NotificationsSent)
{
    /// <summary>Reads the counts; all zero when the pass tables do not exist yet.</summary>
    public static async Task<PassCounts> ReadAsync(PassDatabase database, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (!await PassSchema.ExistsAsync(db.Database.GetDbConnection(), null, database.IsPostgres, cancellationToken))
        {
            return new PassCounts(0, 0, 0, 0, 0, 0, 0, 0);
        }

        return new PassCounts(
            await db.Members.CountAsync(cancellationToken),
            await db.Bookings.CountAsync(b => b.UsedPass, cancellationToken),
            await db.Passes.SumAsync(p => (long?)p.RemainingSessions, cancellationToken) ?? 0,
            await db.Passes.CountAsync(p => p.Status == PassStatus.Expired, cancellationToken),
            await db.BulkPasses.CountAsync(b => b.Status == BulkPassStatus.Completed, cancellationToken),
            await db.Passes.CountAsync(p => p.BulkPassId != null, cancellationToken),
            await db.Notifications.CountAsync(cancellationToken),
            await db.Notifications.CountAsync(n => n.Sent, cancellationToken));
    }

    /// <summary>The hourly statistics of a range, by hour.</summary>
    public static async Task<Dictionary<DateTime, (int All, int Attended, int Cancelled)>> StatisticsAsync(
        PassDatabase database, DateTime start, DateTime end, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Statistics.AsNoTracking()
            .Where(s => s.Hour >= start && s.Hour < end)
            .ToDictionaryAsync(s => s.Hour, s => (s.AllCount, s.AttendedCount, s.CancelledCount), cancellationToken);
    }
}
