using System.Diagnostics;
using Batch.Hosting;
using Microsoft.EntityFrameworkCore;
using Samples;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// Pass jobs in a real sample process killed with SIGKILL in the middle of their step, on the seeded data set, then <c>recover</c> and a
/// restart: use-passes takes exactly one session per attended booking of an ended class (none twice, none lost); add-passes issues every
/// due bulk pass exactly once to every member of its group; expire-passes expires each due pass once, at the first run's time;
/// notify-before-class, killed while a send is held unanswered by the messaging service, delivers every notification and sends again only
/// those whose chunk had not committed (with the same idempotency key); make-statistics counts each booking of its range once in the
/// hourly rows and the reports. The kill comes when the test sees the condition it waits for (commits in the repository, a request held
/// by the messaging service), never after a time.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class PassKillTests(PassBackend backend) : PassHostFixture(backend)
{
    private const string Anchor = "now:datetime=2026-12-01T00:00:00Z";
    private static readonly DateTime AnchorTime = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Test]
    public async Task Use_passes_killed_in_the_middle_and_restarted_takes_each_session_exactly_once()
    {
        await RunCompleted("seed", "--members", "3000");
        var seeded = await PassTestData.ReadAsync(Database);
        var due = seeded.Bookings.Where(b => b is { Status: BookingStatus.Completed, Attended: true, UsedPass: false }).ToList();
        due.Should().HaveCountGreaterThan(500, "the step must still be running when it is killed");

        using (var sample = Start("run", "use-passes", Anchor, "-chunkSize:long=1"))
        {
            await WaitForCommitsAsync(sample, "use", 20);
            Signal(sample.Process.Id, "KILL");
            using var exit = new CancellationTokenSource(Limit);
            await sample.Process.WaitForExitAsync(exit.Token);
        }

        var killed = await PassTestData.ReadAsync(Database);
        var flagged = killed.Bookings.Count(b => b.UsedPass) - seeded.Bookings.Count(b => b.UsedPass);
        flagged.Should().BeInRange(20, due.Count - 1, "the kill came in the middle of the step");
        await RunCompleted("recover", "0");
        await RunCompleted("run", "use-passes", Anchor);   // the default chunk size: the restart resumes after the last committed key

        var after = await PassTestData.ReadAsync(Database);
        var taken = due.GroupBy(b => b.PassId).ToDictionary(g => g.Key, g => g.Count());
        var remaining = seeded.Passes.ToDictionary(p => p.Id, p => p.RemainingSessions);
        after.Passes.Should().HaveCount(seeded.Passes.Count);
        foreach (var pass in after.Passes)
        {
            var before = remaining[pass.Id];
            var expected = before is { } r ? Math.Max(0, r - taken.GetValueOrDefault(pass.Id)) : (int?)null;
            pass.RemainingSessions.Should().Be(expected, $"pass {pass.Id} had {before} sessions and {taken.GetValueOrDefault(pass.Id)} attended bookings");
        }

        after.Bookings.Where(b => b.UsedPass).Select(b => b.Id).Should().Equal(
            seeded.Bookings.Where(b => b.UsedPass).Select(b => b.Id).Concat(due.Select(b => b.Id)).Order());
        Out.ToString().Should().Contain($"read {due.Count - flagged}, written {due.Count - flagged}", "the restart did only what the killed run had not committed");
    }

    [Test]
    public async Task Add_passes_killed_in_the_middle_and_restarted_issues_each_bulk_pass_exactly_once()
    {
        await RunCompleted("seed", "--members", "2000");
        var due = await AddDueBulkPassesAsync(30);

        // Issuing a bulk pass is one fast statement now, so the job could finish all 30 before a poll sees its commits: the kill
        // comes while the job is held inside the third due bulk pass by the test (CommitHold), not after a race.
        await using (var hold = await CommitHold.StartAsync(Database, Backend, blockedBulkPass: due.Order().ElementAt(2)))
        {
            using var sample = Start("run", "add-passes", Anchor);
            await hold.WaitForCommitsAsync(sample, "add", 3, Limit);
            Signal(sample.Process.Id, "KILL");
            using var exit = new CancellationTokenSource(Limit);
            await sample.Process.WaitForExitAsync(exit.Token);
        }

        var killed = await PassTestData.ReadAsync(Database);
        var completed = killed.BulkPasses.Count(b => due.Contains(b.Id) && b.Status == BulkPassStatus.Completed);
        completed.Should().Be(2, "the job was held inside the third due bulk pass when it was killed (the seed's own due bulk pass was the first commit)");
        killed.Passes.Where(p => p.BulkPassId is { } id && due.Contains(id)).GroupBy(p => p.BulkPassId).Should()
            .HaveCount(completed).And.OnlyContain(g => g.Count() == 2000 && killed.BulkPasses.Single(b => b.Id == g.Key).Status == BulkPassStatus.Completed,
                "a bulk pass's passes and its COMPLETED status commit together");
        await RunCompleted("recover", "0");
        await RunCompleted("run", "add-passes", Anchor);

        var after = await PassTestData.ReadAsync(Database);
        after.BulkPasses.Where(b => due.Contains(b.Id)).Should().OnlyContain(b => b.Status == BulkPassStatus.Completed && b.IssuedCount == 2000);
        var issued = after.Passes.Where(p => p.BulkPassId is { } id && due.Contains(id)).ToList();
        issued.Should().HaveCount(due.Count * 2000);
        issued.GroupBy(p => (p.BulkPassId, p.MemberId)).Should().OnlyContain(g => g.Count() == 1);
    }

    [Test]
    public async Task Expire_passes_killed_in_the_middle_and_restarted_expires_each_due_pass_once_at_the_first_runs_time()
    {
        await RunCompleted("seed", "--members", "3000");
        var seeded = await PassTestData.ReadAsync(Database);
        var due = seeded.Passes.Where(p => p.Status == PassStatus.Active && (p.EndsAt <= AnchorTime || p.RemainingSessions <= 0)).Select(p => p.Id).ToList();
        due.Should().HaveCountGreaterThan(500, "the step must still be running when it is killed");

        using (var sample = Start("run", "expire-passes", Anchor, "-chunkSize:long=1"))
        {
            await WaitForCommitsAsync(sample, "expire", 20);
            Signal(sample.Process.Id, "KILL");
            using var exit = new CancellationTokenSource(Limit);
            await sample.Process.WaitForExitAsync(exit.Token);
        }

        var killed = await PassTestData.ReadAsync(Database);
        var expiredByKilled = killed.Passes.Where(p => p.Status == PassStatus.Expired && p.ExpiredAt == AnchorTime).Select(p => p.Id).ToList();
        expiredByKilled.Should().HaveCountGreaterThanOrEqualTo(20).And.HaveCountLessThan(due.Count, "the kill came in the middle of the step");
        expiredByKilled.Should().Equal(due.Take(expiredByKilled.Count), "chunks commit in the order of the keyset reader");
        await RunCompleted("recover", "0");
        await RunCompleted("run", "expire-passes", Anchor);

        var after = await PassTestData.ReadAsync(Database);
        var expected = seeded.Copy();
        foreach (var pass in expected.Passes.Where(p => due.Contains(p.Id)))
        {
            pass.Status = PassStatus.Expired;
            pass.ExpiredAt = AnchorTime;
        }

        after.Passes.Should().BeEquivalentTo(expected.Passes, o => o.WithStrictOrdering());
        Out.ToString().Should().Contain($"step 'expire' COMPLETED: read {due.Count - expiredByKilled.Count}, written {due.Count - expiredByKilled.Count}",
            "the restart did only what the killed run had not committed");
    }

    [Test]
    public async Task Notify_before_class_killed_while_a_send_is_in_flight_and_restarted_delivers_each_notification_and_repeats_only_uncommitted_ones()
    {
        await RunCompleted("seed", "--members", "3000");
        await using var messaging = FakeMessagingService.Start();
        var environment = new Dictionary<string, string> { ["Pass__Notifications__Url"] = messaging.Url };
        messaging.HoldAt(40);

        using (var sample = Start(environment, "run", "notify-before-class", Anchor, "-chunkSize:long=1"))
        {
            await messaging.Held.WaitAsync(Limit);           // the 40th send is in flight, unanswered: later chunks cannot commit
            await WaitForCommitsAsync(sample, "send", 20);
            Signal(sample.Process.Id, "KILL");
            using var exit = new CancellationTokenSource(Limit);
            await sample.Process.WaitForExitAsync(exit.Token);
        }

        messaging.Release();
        var killed = await PassTestData.ReadAsync(Database);
        var committed = killed.Notifications.Where(n => n.Sent).Select(n => n.Id).ToHashSet();
        killed.Notifications.Should().HaveCountGreaterThan(100, "both collect steps completed before the send step");
        committed.Should().HaveCountGreaterThanOrEqualTo(20).And.HaveCountLessThan(40);
        await RunCompleted("recover", "0");
        using (var restart = Start(environment, "run", "notify-before-class", Anchor))
        {
            using var exit = new CancellationTokenSource(Limit);
            await restart.Process.WaitForExitAsync(exit.Token);
            restart.Process.ExitCode.Should().Be(BatchExitCodes.Completed, restart.Output);
            var rest = killed.Notifications.Count - committed.Count;
            restart.Output.Should().Contain($"step 'send' COMPLETED: read {rest}, written {rest}", "the restart sent only what the killed run had not committed");
        }

        var after = await PassTestData.ReadAsync(Database);
        after.Notifications.Select(n => n.Id).Should().Equal(killed.Notifications.Select(n => n.Id), "nothing was collected twice");
        after.Notifications.Should().OnlyContain(n => n.Sent && n.SentAt == AnchorTime);
        var received = messaging.Received;
        received.Should().OnlyContain(m => m.Accepted && m.Key == $"notification-{m.Id}");
        received.Select(m => m.Id).Distinct().Order().Should().Equal(after.Notifications.Select(n => n.Id), "every notification reached the service");
        var repeated = received.GroupBy(m => m.Id).Where(g => g.Count() > 1).ToList();
        repeated.Should().OnlyContain(g => g.Count() == 2 && !committed.Contains(g.Key),
            "only a send whose chunk had not committed at the kill is sent again, once, with the same idempotency key");
        received.Where(m => committed.Contains(m.Id)).GroupBy(m => m.Id).Should().OnlyContain(g => g.Count() == 1, "a committed send is never sent again");
    }

    [Test]
    public async Task Make_statistics_killed_in_the_middle_of_its_aggregation_and_restarted_counts_each_booking_once()
    {
        await RunCompleted("seed", "--members", "3000");
        var reports = Directory.CreateTempSubdirectory("pass-kill-reports-");
        try
        {
            string[] range = ["from:date=2026-11-10", "to:date=2026-11-30", "-output=" + reports.FullName];
            var (start, end) = (new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
            var inRange = (await PassTestData.ReadAsync(Database)).Bookings.Where(b => b.ClassStartsAt >= start && b.ClassStartsAt < end).ToList();
            inRange.Should().HaveCountGreaterThan(500, "the step must still be running when it is killed");

            using (var sample = Start(["run", "make-statistics", .. range, "-chunkSize:long=1"]))
            {
                await WaitForCommitsAsync(sample, "aggregate", 20);
                Signal(sample.Process.Id, "KILL");
                using var exit = new CancellationTokenSource(Limit);
                await sample.Process.WaitForExitAsync(exit.Token);
            }

            (await StatisticsAsync()).Sum(h => h.All).Should().BeInRange(20, inRange.Count - 1, "the kill came in the middle of the aggregation");
            reports.GetFiles().Where(f => f.Extension == ".csv").Should().BeEmpty("the reports come after the aggregation");
            await RunCompleted("recover", "0");
            await RunCompleted(["run", "make-statistics", .. range]);

            var expected = inRange
                .GroupBy(b => new DateTime(b.ClassStartsAt.Year, b.ClassStartsAt.Month, b.ClassStartsAt.Day, b.ClassStartsAt.Hour, 0, 0, DateTimeKind.Utc))
                .OrderBy(g => g.Key)
                .Select(g => (g.Key, g.Count(), g.Count(b => b.Attended), g.Count(b => b.Status == BookingStatus.Cancelled)))
                .ToList();
            (await StatisticsAsync()).Should().Equal(expected);
            var total = $"total,{inRange.Count},{inRange.Count(b => b.Attended)},{inRange.Count(b => b.Status == BookingStatus.Cancelled)}";
            foreach (var kind in new[] { "daily", "weekly" })
            {
                (await File.ReadAllLinesAsync(Path.Combine(reports.FullName, $"statistics-{kind}-20261110-20261130.csv")))[^1].Should().Be(total, kind);
            }

            Out.ToString().Should().Contain($"step 'aggregate' COMPLETED: read {inRange.Count}, written {inRange.Count}", "a restart recomputes the range from the start");
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }

    private async Task<List<(DateTime Hour, int All, int Attended, int Cancelled)>> StatisticsAsync()
    {
        await using var db = Database.CreateContext();
        return [.. (await db.Statistics.AsNoTracking().OrderBy(s => s.Hour).ToListAsync()).Select(s => (s.Hour, s.AllCount, s.AttendedCount, s.CancelledCount))];
    }

    /// <summary>Registers bulk passes due an hour before the anchor for the group of all members.</summary>
    private async Task<HashSet<long>> AddDueBulkPassesAsync(int count)
    {
        await using var db = Database.CreateContext();
        var added = Enumerable.Range(0, count).Select(i => new BulkPass
        {
            GroupId = 1,
            PackageId = 3,
            Status = BulkPassStatus.Ready,
            StartsAt = new DateTime(2026, 11, 30, 23, 0, 0, DateTimeKind.Utc).AddSeconds(i),
            EndsAt = new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc),
            Sessions = 1,
        }).ToList();
        db.BulkPasses.AddRange(added);
        await db.SaveChangesAsync();
        return [.. added.Select(b => b.Id)];
    }

    private RunningSample Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    private RunningSample Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(SampleHost).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Batch__Provider"] = RepositorySettings["Provider"];
        start.Environment["Batch__ConnectionString"] = RepositorySettings["ConnectionString"];
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var sample = new RunningSample(Process.Start(start)!);
        sample.Process.OutputDataReceived += (_, e) => sample.Append(e.Data);
        sample.Process.ErrorDataReceived += (_, e) => sample.Append(e.Data);
        sample.Process.BeginOutputReadLine();
        sample.Process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Waits (a condition, polled, with a generous limit) until the running step committed at least <paramref name="commits"/> chunks.</summary>
    private async Task WaitForCommitsAsync(RunningSample sample, string step, long commits)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await CommitsAsync(step) >= commits)
            {
                return;
            }

            if (sample.Process.HasExited || clock.Elapsed > Limit)
            {
                Assert.Fail($"The step never committed {commits} chunks while running. Output:\n{sample.Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The commits of the running step, 0 while the sample has not created the job repository's tables yet.</summary>
    private async Task<long> CommitsAsync(string step)
    {
        await using var db = Database.CreateContext();
        try
        {
            return await db.Database
                .SqlQueryRaw<long>("SELECT COALESCE(MAX(COMMIT_COUNT), 0) AS \"Value\" FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = {0} AND STATUS = 'STARTED'", step)
                .SingleAsync();
        }
        catch (System.Data.Common.DbException ex) when (ex.Message.Contains("BATCH_STEP_EXECUTION", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
    }

    private static void Signal(int processId, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {processId}");
        kill.WaitForExit();
    }
}
