using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// A small known data set around <see cref="Now"/> (2026-12-01 12:00 UTC), every row written out here so each test can say which rows a
/// job must change. Ids are those of an empty database (1, 2, 3, … in the order written).
/// </summary>
public static class PassTestData
{
    public static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary><see cref="Now"/> as a job parameter.</summary>
    public const string NowParameter = "now:datetime=2026-12-01T12:00:00Z";

    /// <summary>An hour later: a new instance of a job at a time where the data set holds nothing new to do.</summary>
    public const string AnHourLaterParameter = "now:datetime=2026-12-01T13:00:00Z";

    public static async Task InsertAsync(PassDatabase database)
    {
        await using var db = database.CreateContext();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await PassSchema.EnsureCreatedAsync(db, db.Database.GetDbConnection(), transaction.GetDbTransaction(), database.IsPostgres, CancellationToken.None);
            await transaction.CommitAsync();
        }

        db.Packages.AddRange(
            new Package { Name = "PT 10", Sessions = 10, ValidDays = 60 },      // 1
            new Package { Name = "Gym", Sessions = null, ValidDays = 90 });     // 2
        for (var m = 1; m <= 5; m++)
        {
            db.Members.Add(new Member { Name = $"Member {m}", Phone = $"010-0000-000{m}", JoinedAt = Now.AddDays(-100) });
        }

        db.Groups.AddRange(new MemberGroup { Name = "Pilates" }, new MemberGroup { Name = "Staff" });
        await db.SaveChangesAsync();
        db.GroupMembers.AddRange(
            new GroupMember { GroupId = 1, MemberId = 1 }, new GroupMember { GroupId = 1, MemberId = 2 }, new GroupMember { GroupId = 1, MemberId = 3 },
            new GroupMember { GroupId = 2, MemberId = 4 }, new GroupMember { GroupId = 2, MemberId = 5 });
        db.BulkPasses.AddRange(
            Bulk(1, 1, BulkPassStatus.Ready, Now.AddHours(-1), 1),                 // 1: due, Pilates (members 1, 2, 3)
            Bulk(2, 2, BulkPassStatus.Ready, Now.AddMinutes(-10), null),           // 2: due, Staff (members 4, 5), unlimited
            Bulk(1, 1, BulkPassStatus.Ready, Now.AddDays(1), 1),                   // 3: tomorrow
            new BulkPass                                                          // 4: issued five days ago
            {
                GroupId = 2,
                PackageId = 1,
                Status = BulkPassStatus.Completed,
                StartsAt = Now.AddDays(-5),
                EndsAt = Now.AddDays(55),
                Sessions = 10,
                IssuedAt = Now.AddDays(-5),
                IssuedCount = 2,
            });
        await db.SaveChangesAsync();
        db.Passes.AddRange(
            Pass(1, 1, Now.AddDays(10), 5),                                        // 1: valid
            Pass(1, 1, Now.AddDays(-1), 3),                                        // 2: ended yesterday → expires
            Pass(2, 1, Now.AddDays(30), 0),                                        // 3: used up → expires
            Pass(2, 1, Now.AddDays(-40), 2, PassStatus.Expired, Now.AddDays(-39)), // 4: expired long ago
            Pass(3, 2, Now.AddDays(5), null),                                      // 5: unlimited, valid
            Pass(3, 2, Now, null),                                                 // 6: ends now → expires
            Pass(4, 1, Now.AddMinutes(-1), 2),                                     // 7: ended a minute ago → expires
            Pass(5, 1, Now.AddDays(1), 1),                                         // 8: valid, one session left, ends tomorrow
            Pass(4, 2, Now.AddDays(2), null));                                     // 9: unlimited, ends in two days
        await db.SaveChangesAsync();
        db.Bookings.AddRange(
            Booking(1, 1, BookingStatus.Completed, attended: true, used: false, Now.AddHours(-2)),     // 1: pass 1 −1
            Booking(1, 1, BookingStatus.Completed, attended: true, used: false, Now.AddDays(-1)),      // 2: pass 1 −1
            Booking(1, 1, BookingStatus.Completed, attended: true, used: true, Now.AddDays(-2)),       // 3: already taken
            Booking(1, 1, BookingStatus.Completed, attended: false, used: false, Now.AddDays(-3)),     // 4: missed
            Booking(1, 1, BookingStatus.Cancelled, attended: false, used: false, Now.AddDays(-4)),     // 5: cancelled
            Booking(1, 1, BookingStatus.Ready, attended: false, used: false, Now.AddHours(2)),         // 6: tomorrow's class
            Booking(8, 5, BookingStatus.Completed, attended: true, used: false, Now.AddMinutes(-30)),  // 7: pass 8 −1 → 0
            Booking(5, 3, BookingStatus.Completed, attended: true, used: false, Now.AddHours(-3)),     // 8: unlimited: flagged, no count
            Booking(1, 1, BookingStatus.Ready, attended: true, used: false, Now.AddMinutes(20)),       // 9: class still going on
            Booking(1, 1, BookingStatus.Ready, attended: false, used: false, Now.AddMinutes(55)),      // 10: starts in 5 minutes
            Booking(8, 5, BookingStatus.Ready, attended: false, used: false, Now.AddMinutes(60)),      // 11: starts in 10 minutes
            Booking(5, 3, BookingStatus.Ready, attended: false, used: false, Now.AddMinutes(80)),      // 12: starts in 30 minutes
            Booking(1, 1, BookingStatus.Cancelled, attended: false, used: false, Now.AddMinutes(55))); // 13: cancelled, would start in 5
        await db.SaveChangesAsync();
    }

    public static async Task<Snapshot> ReadAsync(PassDatabase database)
    {
        await using var db = database.CreateContext();
        return new Snapshot(
            await db.Passes.AsNoTracking().OrderBy(p => p.Id).ToListAsync(),
            await db.BulkPasses.AsNoTracking().OrderBy(b => b.Id).ToListAsync(),
            await db.Bookings.AsNoTracking().OrderBy(b => b.Id).ToListAsync(),
            await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync());
    }

    private static BulkPass Bulk(long group, long package, BulkPassStatus status, DateTime startsAt, int? sessions) => new()
    {
        GroupId = group,
        PackageId = package,
        Status = status,
        StartsAt = startsAt,
        EndsAt = startsAt.AddDays(30),
        Sessions = sessions,
    };

    private static MemberPass Pass(long member, long package, DateTime endsAt, int? remaining, PassStatus status = PassStatus.Active, DateTime? expiredAt = null) => new()
    {
        MemberId = member,
        PackageId = package,
        Status = status,
        StartsAt = endsAt.AddDays(-60),
        EndsAt = endsAt,
        RemainingSessions = remaining,
        ExpiredAt = expiredAt,
    };

    private static Booking Booking(long pass, long member, BookingStatus status, bool attended, bool used, DateTime endsAt) => new()
    {
        PassId = pass,
        MemberId = member,
        Status = status,
        Attended = attended,
        UsedPass = used,
        ClassStartsAt = endsAt.AddMinutes(-50),
        ClassEndsAt = endsAt,
    };

    /// <summary>The rows jobs change, in id order.</summary>
    public sealed record Snapshot(List<MemberPass> Passes, List<BulkPass> BulkPasses, List<Booking> Bookings, List<Notification> Notifications)
    {
        /// <summary>A deep copy to write the expected changes into.</summary>
        public Snapshot Copy() => new(DeepCopy(Passes), DeepCopy(BulkPasses), DeepCopy(Bookings), DeepCopy(Notifications));

        private static List<T> DeepCopy<T>(List<T> rows) => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(rows))!;
    }
}
