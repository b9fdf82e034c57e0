using Batch.Hosting;
using Samples.Pass;
using static Batch.Samples.Tests.Pass.PassTestData;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// The pass jobs on <see cref="PassTestData"/>: each changes exactly the rows it must; a later run changes nothing; a run failed in the
/// middle (<c>-failAt</c>) and restarted changes nothing twice. The same tests run on SQLite and on PostgreSQL.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class PassJobsTests(PassBackend backend) : PassHostFixture(backend)
{
    private static readonly long[] ExpiringPasses = [2, 3, 6, 7];

    [SetUp]
    public Task FillTables() => InsertAsync(Database);

    [Test]
    public async Task Expire_passes_marks_exactly_the_ended_and_the_used_up_passes_expired_at_now()
    {
        var before = await ReadAsync(Database);

        await RunCompleted("run", "expire-passes", NowParameter);

        (await ReadAsync(Database)).Should().BeEquivalentTo(Expired(before), o => o.WithStrictOrdering());
        Out.ToString().Should().Contain("step 'expire' COMPLETED: read 4, written 4");
    }

    [Test]
    public async Task Expire_passes_run_again_an_hour_later_changes_nothing()
    {
        await RunCompleted("run", "expire-passes", NowParameter);
        var once = await ReadAsync(Database);

        await RunCompleted("run", "expire-passes", AnHourLaterParameter);

        (await ReadAsync(Database)).Should().BeEquivalentTo(once, o => o.WithStrictOrdering(), "expired passes keep their first time of expiry");
        Out.ToString().Should().Contain("step 'expire' COMPLETED: read 0, written 0");
    }

    [Test]
    public async Task Expire_passes_failed_in_the_middle_keeps_its_committed_chunk_and_the_restart_expires_the_rest_once()
    {
        var before = await ReadAsync(Database);

        (await Run("run", "expire-passes", NowParameter, "-chunkSize:long=2", "-failAt:long=6")).Should().Be(BatchExitCodes.Failed, Printed);

        var failed = await ReadAsync(Database);
        failed.Passes.Where(p => p.Status == PassStatus.Expired && p.ExpiredAt == Now).Select(p => p.Id).Should().Equal(2, 3);
        await RunCompleted("run", "expire-passes", NowParameter, "-chunkSize:long=2");

        (await ReadAsync(Database)).Should().BeEquivalentTo(Expired(before), o => o.WithStrictOrdering());
        Out.ToString().Should().Contain("step 'expire' COMPLETED: read 2, written 2", "the restart reads only the passes after the committed chunk");
    }

    [Test]
    public async Task Expire_passes_without_now_keeps_the_time_of_its_first_run_for_its_restart()
    {
        (await Run("run", "expire-passes", "run.id:long=1", "-chunkSize:long=2", "-failAt:long=6")).Should().Be(BatchExitCodes.Failed, Printed);
        var first = (await ReadAsync(Database)).Passes.Single(p => p.Id == 2).ExpiredAt;
        first.Should().NotBeNull();

        await RunCompleted("run", "expire-passes", "run.id:long=1", "-chunkSize:long=2");

        (await ReadAsync(Database)).Passes.Where(p => ExpiringPasses.Contains(p.Id)).Select(p => p.ExpiredAt).Should().AllBeEquivalentTo(first,
            "the clock's time at the step's first start is kept in its context, so the restart expires at the same time");
    }

    [Test]
    public async Task Add_passes_issues_each_due_bulk_pass_to_every_member_of_its_group_and_completes_it()
    {
        var before = await ReadAsync(Database);

        await RunCompleted("run", "add-passes", NowParameter);

        var after = await ReadAsync(Database);
        after.Passes.Take(before.Passes.Count).Should().BeEquivalentTo(before.Passes, o => o.WithStrictOrdering());
        after.Passes.Skip(before.Passes.Count).Should().BeEquivalentTo(IssuedPasses(), o => o.Excluding(p => p.Id));
        after.BulkPasses.Should().BeEquivalentTo(Issued(before).BulkPasses, o => o.WithStrictOrdering());
        after.Bookings.Should().BeEquivalentTo(before.Bookings, o => o.WithStrictOrdering());
    }

    [Test]
    public async Task Add_passes_run_again_an_hour_later_issues_nothing()
    {
        await RunCompleted("run", "add-passes", NowParameter);
        var once = await ReadAsync(Database);

        await RunCompleted("run", "add-passes", AnHourLaterParameter);

        (await ReadAsync(Database)).Should().BeEquivalentTo(once, o => o.WithStrictOrdering());
    }

    [Test]
    public async Task Add_passes_failed_at_the_second_bulk_pass_keeps_the_first_and_the_restart_issues_the_second_once()
    {
        var before = await ReadAsync(Database);

        (await Run("run", "add-passes", NowParameter, "-failAt:long=2")).Should().Be(BatchExitCodes.Failed, Printed);

        var failed = await ReadAsync(Database);
        failed.BulkPasses.Select(b => b.Status).Should().Equal(BulkPassStatus.Completed, BulkPassStatus.Ready, BulkPassStatus.Ready, BulkPassStatus.Completed);
        failed.Passes.Where(p => p.BulkPassId == 1).Select(p => p.MemberId).Should().BeEquivalentTo([1L, 2L, 3L]);
        failed.Passes.Should().NotContain(p => p.BulkPassId == 2, "the failed call's passes rolled back with its bulk pass's status");
        await RunCompleted("run", "add-passes", NowParameter);

        var after = await ReadAsync(Database);
        after.Passes.Skip(before.Passes.Count).Should().BeEquivalentTo(IssuedPasses(), o => o.Excluding(p => p.Id));
        after.BulkPasses.Should().BeEquivalentTo(Issued(before).BulkPasses, o => o.WithStrictOrdering());
    }

    [Test]
    public async Task Add_passes_failed_between_issuing_the_passes_and_completing_the_bulk_pass_keeps_neither_and_the_restart_issues_it_once()
    {
        var before = await ReadAsync(Database);

        (await Run("run", "add-passes", NowParameter, "-failAt:long=1")).Should().Be(BatchExitCodes.Failed, Printed);

        var failed = await ReadAsync(Database);
        failed.Should().BeEquivalentTo(before, o => o.WithStrictOrdering(), "the INSERT of the passes rolled back with the failed call");
        await RunCompleted("run", "add-passes", NowParameter);

        var after = await ReadAsync(Database);
        after.Passes.Skip(before.Passes.Count).Should().BeEquivalentTo(IssuedPasses(), o => o.Excluding(p => p.Id));
        after.BulkPasses.Should().BeEquivalentTo(Issued(before).BulkPasses, o => o.WithStrictOrdering());
    }

    [Test]
    public async Task Add_passes_refuses_a_bulk_pass_a_member_already_holds_and_issues_none_of_it()
    {
        await using (var db = Database.CreateContext())
        {
            db.Passes.Add(NewPass(1, 2, 1, Now.AddHours(-1), 1));   // member 2 already has bulk pass 1 (a run that raced)
            await db.SaveChangesAsync();
        }

        var before = await ReadAsync(Database);

        (await Run("run", "add-passes", NowParameter)).Should().Be(BatchExitCodes.Failed, Printed);

        (await ReadAsync(Database)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering(),
            "the unique index on (bulk pass, member) fails the one INSERT, and the bulk pass stays READY");
    }

    [Test]
    public async Task Use_passes_takes_one_session_per_attended_booking_of_an_ended_class_and_flags_it()
    {
        var before = await ReadAsync(Database);

        await RunCompleted("run", "use-passes", NowParameter);

        (await ReadAsync(Database)).Should().BeEquivalentTo(Used(before), o => o.WithStrictOrdering());
        Out.ToString().Should().Contain("step 'use' COMPLETED: read 4, written 4");
    }

    [Test]
    public async Task Use_passes_run_again_an_hour_later_takes_nothing_twice()
    {
        await RunCompleted("run", "use-passes", NowParameter);
        var once = await ReadAsync(Database);

        await RunCompleted("run", "use-passes", AnHourLaterParameter);

        (await ReadAsync(Database)).Should().BeEquivalentTo(once, o => o.WithStrictOrdering());
        Out.ToString().Should().Contain("step 'use' COMPLETED: read 0, written 0");
    }

    [Test]
    public async Task Use_passes_failed_in_the_middle_keeps_its_committed_chunk_and_the_restart_takes_each_session_once()
    {
        var before = await ReadAsync(Database);

        (await Run("run", "use-passes", NowParameter, "-chunkSize:long=2", "-failAt:long=7")).Should().Be(BatchExitCodes.Failed, Printed);

        var failed = await ReadAsync(Database);
        failed.Bookings.Where(b => b.UsedPass != before.Bookings.Single(o => o.Id == b.Id).UsedPass).Select(b => b.Id).Should().Equal(1, 2);
        failed.Passes.Single(p => p.Id == 1).RemainingSessions.Should().Be(3);
        failed.Passes.Single(p => p.Id == 8).RemainingSessions.Should().Be(1, "the failed chunk rolled back");
        await RunCompleted("run", "use-passes", NowParameter, "-chunkSize:long=2");

        (await ReadAsync(Database)).Should().BeEquivalentTo(Used(before), o => o.WithStrictOrdering());
        Out.ToString().Should().Contain("step 'use' COMPLETED: read 2, written 2");
    }

    /// <summary>What expire-passes at <see cref="PassTestData.Now"/> makes of the data set.</summary>
    private static Snapshot Expired(Snapshot before)
    {
        var expected = before.Copy();
        foreach (var pass in expected.Passes.Where(p => ExpiringPasses.Contains(p.Id)))
        {
            pass.Status = PassStatus.Expired;
            pass.ExpiredAt = Now;
        }

        return expected;
    }

    /// <summary>What add-passes at <see cref="PassTestData.Now"/> makes of the bulk passes.</summary>
    private static Snapshot Issued(Snapshot before)
    {
        var expected = before.Copy();
        foreach (var (id, count) in new[] { (1L, 3), (2L, 2) })
        {
            var bulk = expected.BulkPasses.Single(b => b.Id == id);
            bulk.Status = BulkPassStatus.Completed;
            bulk.IssuedAt = Now;
            bulk.IssuedCount = count;
        }

        return expected;
    }

    /// <summary>The passes add-passes issues: bulk pass 1 to members 1–3, bulk pass 2 to members 4 and 5.</summary>
    private static List<MemberPass> IssuedPasses() =>
    [
        .. new long[] { 1, 2, 3 }.Select(m => NewPass(1, m, 1, Now.AddHours(-1), 1)),
        .. new long[] { 4, 5 }.Select(m => NewPass(2, m, 2, Now.AddMinutes(-10), null)),
    ];

    private static MemberPass NewPass(long bulkPass, long member, long package, DateTime startsAt, int? sessions) => new()
    {
        BulkPassId = bulkPass,
        MemberId = member,
        PackageId = package,
        Status = PassStatus.Active,
        StartsAt = startsAt,
        EndsAt = startsAt.AddDays(30),
        RemainingSessions = sessions,
    };

    /// <summary>What use-passes at <see cref="PassTestData.Now"/> makes of the data set.</summary>
    private static Snapshot Used(Snapshot before)
    {
        var expected = before.Copy();
        foreach (var booking in expected.Bookings.Where(b => b.Id is 1 or 2 or 7 or 8))
        {
            booking.UsedPass = true;
        }

        expected.Passes.Single(p => p.Id == 1).RemainingSessions = 3;
        expected.Passes.Single(p => p.Id == 8).RemainingSessions = 0;
        return expected;
    }
}
