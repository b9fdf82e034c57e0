using Microsoft.EntityFrameworkCore;

namespace Samples.Pass.Web;

/// <summary>The reads behind the APIs, through <see cref="PassDbContext"/> (the same LINQ on SQLite and PostgreSQL), untracked.</summary>
internal static class PassWebQueries
{
    /// <summary>How many bulk passes the admin page lists.</summary>
    public const int RecentBulkPasses = 20;

    /// <summary>A member and their passes, or null when there is no such member.</summary>
    public static async Task<MemberPassesView?> MemberPassesAsync(PassDbContext db, long memberId, CancellationToken cancellationToken)
    {
        var member = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => new { m.Id, m.Name }).FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return null;
        }

        var rows = await (
                from pass in db.Passes.AsNoTracking()
                join package in db.Packages on pass.PackageId equals package.Id
                where pass.MemberId == memberId
                select new { Pass = pass, PackageName = package.Name, PackageSessions = package.Sessions })
            .ToListAsync(cancellationToken);
        var passes = rows
            .OrderBy(r => r.Pass.Status == PassStatus.Active ? 0 : 1).ThenBy(r => r.Pass.EndsAt).ThenBy(r => r.Pass.Id)
            .Select(r => new MemberPassView(
                r.Pass.Id, r.Pass.PackageId, r.PackageName, r.PackageSessions, r.Pass.RemainingSessions, r.Pass.StartsAt, r.Pass.EndsAt,
                StatusText(r.Pass.Status), r.Pass.ExpiredAt, r.Pass.BulkPassId))
            .ToList();
        return new MemberPassesView(member.Id, member.Name, passes);
    }

    /// <summary>The groups (with their member counts) and the packages.</summary>
    public static async Task<CatalogView> CatalogAsync(PassDbContext db, CancellationToken cancellationToken)
    {
        var groups = await db.Groups.AsNoTracking()
            .OrderBy(g => g.Id)
            .Select(g => new GroupView(g.Id, g.Name, db.GroupMembers.Count(m => m.GroupId == g.Id)))
            .ToListAsync(cancellationToken);
        var packages = await db.Packages.AsNoTracking()
            .OrderBy(p => p.Id)
            .Select(p => new PackageView(p.Id, p.Name, p.Sessions, p.ValidDays))
            .ToListAsync(cancellationToken);
        return new CatalogView(groups, packages);
    }

    /// <summary>The newest bulk passes (by id, newest first), or the one of <paramref name="id"/>.</summary>
    public static async Task<List<BulkPassView>> BulkPassesAsync(PassDbContext db, long? id, CancellationToken cancellationToken)
    {
        var query =
            from bulk in db.BulkPasses.AsNoTracking()
            join grp in db.Groups on bulk.GroupId equals grp.Id
            join package in db.Packages on bulk.PackageId equals package.Id
            where id == null || bulk.Id == id
            orderby bulk.Id descending
            select new
            {
                Bulk = bulk,
                GroupName = grp.Name,
                Members = db.GroupMembers.Count(m => m.GroupId == grp.Id),
                PackageName = package.Name,
            };
        var rows = await query.Take(RecentBulkPasses).ToListAsync(cancellationToken);
        return
        [
            .. rows.Select(r => new BulkPassView(
                r.Bulk.Id, r.Bulk.GroupId, r.GroupName, r.Members, r.Bulk.PackageId, r.PackageName, r.Bulk.Sessions, r.Bulk.StartsAt, r.Bulk.EndsAt,
                PassText.ToUpperSnake(r.Bulk.Status.ToString()), r.Bulk.IssuedAt, r.Bulk.IssuedCount)),
        ];
    }

    /// <summary>The hourly statistics of the class days <paramref name="from"/> to <paramref name="to"/> (both included), with daily and overall totals.</summary>
    public static async Task<StatisticsView> StatisticsAsync(PassDbContext db, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var hourly = await db.Statistics.AsNoTracking()
            .Where(s => s.Hour >= start && s.Hour < end)
            .OrderBy(s => s.Hour)
            .Select(s => new HourStatisticView(s.Hour, s.AllCount, s.AttendedCount, s.CancelledCount))
            .ToListAsync(cancellationToken);
        var byDay = hourly.ToLookup(h => DateOnly.FromDateTime(h.Hour));
        var daily = new List<DayStatisticView>(to.DayNumber - from.DayNumber + 1);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var hours = byDay[day];
            daily.Add(new DayStatisticView(day, hours.Sum(h => (long)h.All), hours.Sum(h => (long)h.Attended), hours.Sum(h => (long)h.Cancelled)));
        }

        var total = new BookingCounts(daily.Sum(d => d.All), daily.Sum(d => d.Attended), daily.Sum(d => d.Cancelled));
        return new StatisticsView(from, to, hourly, daily, total);
    }

    private static string StatusText(PassStatus status) => PassText.ToUpperSnake(status.ToString());
}
