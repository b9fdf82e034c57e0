using System.Diagnostics;
using Batch.Hosting;
using Microsoft.EntityFrameworkCore;
using Samples;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// Pass jobs in a real sample process killed with SIGKILL in the middle of their step, on the seeded data set, then <c>recover</c> and a
/// restart: use-passes takes exactly one session per attended booking of an ended class (none twice, none lost); add-passes issues every
/// due bulk pass exactly once to every member of its group.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class PassKillTests(PassBackend backend) : PassHostFixture(backend)
{
    private const string Anchor = "now:datetime=2026-12-01T00:00:00Z";
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

        using (var sample = Start("run", "add-passes", Anchor))
        {
            await WaitForCommitsAsync(sample, "add", 3);
            Signal(sample.Process.Id, "KILL");
            using var exit = new CancellationTokenSource(Limit);
            await sample.Process.WaitForExitAsync(exit.Token);
        }

        var killed = await PassTestData.ReadAsync(Database);
        var completed = killed.BulkPasses.Count(b => due.Contains(b.Id) && b.Status == BulkPassStatus.Completed);
        completed.Should().BeInRange(2, due.Count - 1, "the kill came in the middle of the step (the seed's own due bulk pass was the first commit)");
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

    private RunningSample Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(SampleHost).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Batch__Provider"] = RepositorySettings["Provider"];
        start.Environment["Batch__ConnectionString"] = RepositorySettings["ConnectionString"];
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

    private sealed class RunningSample(Process process) : IDisposable
    {
        private readonly Lock _lock = new();
        private readonly System.Text.StringBuilder _output = new();

        public Process Process { get; } = process;

        public string Output
        {
            get
            {
                lock (_lock)
                {
                    return _output.ToString();
                }
            }
        }

        public void Append(string? line)
        {
            if (line is not null)
            {
                lock (_lock)
                {
                    _output.AppendLine(line);
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }
}
