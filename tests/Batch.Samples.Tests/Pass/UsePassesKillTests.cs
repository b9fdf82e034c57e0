using System.Diagnostics;
using Batch.Hosting;
using Microsoft.EntityFrameworkCore;
using Samples;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// use-passes in a real sample process killed with SIGKILL in the middle of its step, on the seeded data set: after <c>recover</c> and a
/// restart, every pass has lost exactly one session per attended booking of an ended class — none taken twice, none lost.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class UsePassesKillTests(PassBackend backend) : PassHostFixture(backend)
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
            await WaitForCommitsAsync(sample, 20);
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
    private async Task WaitForCommitsAsync(RunningSample sample, long commits)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await CommitsAsync() >= commits)
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
    private async Task<long> CommitsAsync()
    {
        await using var db = Database.CreateContext();
        try
        {
            return await db.Database
                .SqlQueryRaw<long>("SELECT COALESCE(MAX(COMMIT_COUNT), 0) AS \"Value\" FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'use' AND STATUS = 'STARTED'")
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
