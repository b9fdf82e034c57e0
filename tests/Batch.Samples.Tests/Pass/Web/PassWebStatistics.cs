using System.Globalization;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass.Web;

/// <summary>Known hourly statistics around the range 2026-11-30 to 2026-12-03: 13 bookings in it (8 attended, 3 cancelled), rows on both sides.</summary>
public static class PassWebStatistics
{
    public static async Task InsertAsync(PassDatabase database)
    {
        await using var db = database.CreateContext();
        foreach (var (hour, all, attended, cancelled) in new[]
                 {
                     ("2026-11-29T23:00:00Z", 9, 9, 9),   // the day before the range
                     ("2026-11-30T00:00:00Z", 3, 1, 1),
                     ("2026-11-30T09:00:00Z", 5, 3, 1),
                     ("2026-12-01T10:00:00Z", 4, 4, 0),
                     ("2026-12-03T23:00:00Z", 1, 0, 1),   // the last hour of the range
                     ("2026-12-04T00:00:00Z", 7, 7, 7),   // the day after
                 })
        {
            db.Statistics.Add(new HourlyStatistic
            {
                Hour = DateTime.Parse(hour, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                AllCount = all,
                AttendedCount = attended,
                CancelledCount = cancelled,
            });
        }

        await db.SaveChangesAsync();
    }
}
