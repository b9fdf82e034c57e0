namespace Samples.Pass;

/// <summary>
/// A realistic, deterministic data set for the pass jobs (the <c>seed</c> command): for <c>members</c> members around an anchor time,
/// five packages, three groups, one to three passes per member started over the last five months (some past their end, some used up),
/// three bulk passes (one due, one in a week, one issued three weeks ago) and bookings from three weeks before the anchor to one week
/// after it (attended, missed, cancelled, and booked ahead): 0 to <c>bookingsPerPass</c> (default 4) for each pass still in use. The
/// same arguments always give the same rows (a fixed random seed).
/// </summary>
internal sealed class PassDataSet
{
    /// <summary>The random seed: seed 003.</summary>
    public const int RandomSeed = 3;

    /// <summary>The anchor used when none is given: the data set is built around this time.</summary>
    public static readonly DateTime DefaultAnchor = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The most bookings a pass still in use gets when none is given (each gets 0 to this many, evenly): about 3 bookings per member.</summary>
    public const int DefaultBookingsPerPass = 4;

    /// <summary>The most bookings per pass the data set accepts.</summary>
    public const int MaxBookingsPerPass = 1000;

    private PassDataSet()
    {
    }

    public List<Package> Packages { get; } = [];

    public List<Member> Members { get; } = [];

    public List<MemberGroup> Groups { get; } = [];

    /// <summary>Group memberships by group index (the group ids are known only once inserted).</summary>
    public List<(int Group, int Member)> Memberships { get; } = [];

    /// <summary>Passes with the indexes of their package, member and bulk pass (or -1).</summary>
    public List<(MemberPass Pass, int Package, int Member, int BulkPass)> Passes { get; } = [];

    /// <summary>Bulk passes with the indexes of their package and group.</summary>
    public List<(BulkPass BulkPass, int Package, int Group)> BulkPasses { get; } = [];

    /// <summary>Bookings with the index of their pass.</summary>
    public List<(Booking Booking, int Pass)> Bookings { get; } = [];

    public static PassDataSet Create(int members, DateTime anchor, int bookingsPerPass = DefaultBookingsPerPass)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(bookingsPerPass);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bookingsPerPass, MaxBookingsPerPass);
        var random = new Random(RandomSeed);
        var set = new PassDataSet();
        (string Name, int? Sessions, int Days)[] packages =
        [
            ("PT 10 sessions, 2 months", 10, 60),
            ("Gym, 3 months", null, 90),
            ("Pilates opening, 1 session", 1, 30),
            ("PT 20 sessions, 4 months", 20, 120),
            ("Yoga 8 sessions, 1 month", 8, 30),
        ];
        foreach (var (name, sessions, days) in packages)
        {
            set.Packages.Add(new Package { Name = name, Sessions = sessions, ValidDays = days });
        }

        set.Groups.Add(new MemberGroup { Name = "All members" });
        set.Groups.Add(new MemberGroup { Name = "Pilates opening" });
        set.Groups.Add(new MemberGroup { Name = "Corporate partner" });
        for (var m = 0; m < members; m++)
        {
            set.Members.Add(new Member
            {
                Name = $"Member {m + 1:D7}",
                Phone = $"010-{random.Next(1000, 10000)}-{random.Next(1000, 10000)}",
                JoinedAt = anchor.AddDays(-random.Next(30, 720)),
            });
            set.Memberships.Add((0, m));
            if (m % 3 == 0)
            {
                set.Memberships.Add((1, m));
            }

            if (m % 10 == 0)
            {
                set.Memberships.Add((2, m));
            }
        }

        var issuedAt = anchor.AddDays(-21);
        set.BulkPasses.Add((new BulkPass { Status = BulkPassStatus.Ready, StartsAt = anchor.AddHours(-1), EndsAt = anchor.AddDays(30), Sessions = 1 }, 2, 1));
        set.BulkPasses.Add((new BulkPass { Status = BulkPassStatus.Ready, StartsAt = anchor.AddDays(7), EndsAt = anchor.AddDays(97), Sessions = null }, 1, 0));
        set.BulkPasses.Add((new BulkPass { Status = BulkPassStatus.Completed, StartsAt = issuedAt, EndsAt = issuedAt.AddDays(60), Sessions = 10, IssuedAt = issuedAt, IssuedCount = (members + 9) / 10 }, 0, 2));

        for (var m = 0; m < members; m++)
        {
            var count = 1 + random.Next(3);
            for (var k = 0; k < count; k++)
            {
                var package = random.Next(packages.Length);
                var (_, sessions, days) = packages[package];
                var start = anchor.Date.AddDays(-random.Next(0, 150));
                AddPass(set, random, m, package, start, start.AddDays(days), sessions, -1, anchor, bookingsPerPass);
            }

            if (m % 10 == 0)
            {
                AddPass(set, random, m, 0, issuedAt, issuedAt.AddDays(60), 10, 2, anchor, bookingsPerPass);
            }
        }

        return set;
    }

    private static void AddPass(PassDataSet set, Random random, int member, int package, DateTime start, DateTime end, int? sessions, int bulkPass, DateTime anchor, int bookingsPerPass)
    {
        var remaining = sessions is { } s ? random.Next(0, s + 1) : (int?)null;
        var expiredLongAgo = end < anchor.AddDays(-30);
        var pass = new MemberPass
        {
            Status = expiredLongAgo ? PassStatus.Expired : PassStatus.Active,
            StartsAt = start,
            EndsAt = end,
            RemainingSessions = remaining,
            ExpiredAt = expiredLongAgo ? end : null,
        };
        var passIndex = set.Passes.Count;
        set.Passes.Add((pass, package, member, bulkPass));
        if (expiredLongAgo)
        {
            return;
        }

        var bookings = random.Next(0, bookingsPerPass + 1);
        for (var b = 0; b < bookings; b++)
        {
            var day = anchor.Date.AddDays(random.Next(-21, 8));
            if (day < start.Date)
            {
                day = start.Date;
            }

            var classStart = random.Next(25) == 0 ? anchor.AddMinutes(5) : day.AddHours(random.Next(7, 22));   // some start right after the anchor: notify-before-class has work
            var classEnd = classStart.AddMinutes(50);
            var past = classEnd <= anchor;
            var cancelled = random.Next(10) == 0;
            var attended = past && !cancelled && random.Next(100) < 85;
            set.Bookings.Add((new Booking
            {
                Status = cancelled ? BookingStatus.Cancelled : past ? BookingStatus.Completed : BookingStatus.Ready,
                Attended = attended,
                UsedPass = attended && classEnd < anchor.AddDays(-7),
                ClassStartsAt = classStart,
                ClassEndsAt = classEnd,
            }, passIndex));
        }
    }
}
