using System.Diagnostics;

namespace Batch.Samples.Collector.Tests;

/// <summary>
/// <c>batchrun</c> killed with SIGKILL in the middle of a table, then run again: the relaunch takes the dead execution over once its
/// heartbeat is silent, resumes the table from its last committed chunk, and the lake and the target hold every row exactly once.
/// </summary>
public sealed class BatchRunKillTests : CollectorNightFixture
{
    private const int BigRows = 300_000;

    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings() =>
    [
        new("Batch:HeartbeatInterval", "00:00:01"),
        new("Batch:TakeOverDeadExecutionsAfter", "00:00:05"),
    ];

    [Test]
    public async Task A_batchrun_killed_in_the_middle_completes_when_run_again_with_every_row_once()
    {
        await ExecuteAsync(Source1,
            $"CREATE TABLE big (id bigint PRIMARY KEY, label text, amount numeric(14,3)); INSERT INTO big SELECT g, 'row ' || g, g / 1000.0 FROM generate_series(1, {BigRows}) g;");
        await ExecuteAsync(Rules, "UPDATE T_COLLECT_TABLE_0001 SET USE_YN = 'N' WHERE CONNECTION_NO = 'C1';" +
                                  "INSERT INTO T_COLLECT_TABLE_0001 VALUES ('C1', 'big', 'id,label,amount', 'id', 'shop_big', 'Y');");
        WriteDatalake(Target, threads: 1, chunkSize: 500);

        using (var child = StartCollector("batchrun", BaseTime, "01", "C1"))
        {
            try
            {
                // Kill it once a good part of the table is in the target, well before the end.
                await WaitForAsync(async () => await TargetRowsAsync() >= 20_000, child);
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }
            }
        }

        var atKill = await TargetRowsAsync();
        atKill.Should().BeLessThan(BigRows, "the process must have been killed in the middle of the table");
        (await QueryAsync(Rules, "SELECT STATUS FROM T_BATCH_STATUS_0001 WHERE TABLE_NAME = 'big'"))[0][0].Should().Be("RUNNING");

        // Run again until the dead execution's heartbeat is old enough to take it over (refused with 4 until then).
        var exit = 4;
        var deadline = Stopwatch.StartNew();
        while (exit == 4 && deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            exit = await Run("batchrun", BaseTime, "01", "C1");
            if (exit == 4)
            {
                await Task.Delay(500);
            }
        }

        exit.Should().Be(0, Err + Out);
        (await CountAsync(Target, "SELECT COUNT(*) FROM shop_big")).Should().Be(BigRows);
        (await CountAsync(Target, "SELECT COUNT(DISTINCT id) FROM shop_big")).Should().Be(BigRows);
        var lake = await LakeAsync("SELECT count(*), count(DISTINCT id), sum(amount)::VARCHAR FROM LAKE WHERE \"table\" = 'shop_big'");
        lake[0][0].Should().Be((long)BigRows);
        lake[0][1].Should().Be((long)BigRows);
        (await QueryAsync(Source1, "SELECT sum(amount)::text FROM big"))[0][0].Should().Be(lake[0][2]);
        var attempts = await QueryAsync(Rules, "SELECT ATTEMPT_NO, STATUS, MESSAGE FROM T_BATCH_LOG_0002 WHERE TABLE_NAME = 'big' ORDER BY ATTEMPT_NO");
        attempts.Select(r => $"{r[0]} {r[1]}").Should().Equal("1 FAILED", "2 SUCCESS");
        ((string)attempts[0][2]!).Should().Contain("ended without recording its end");
        (await QueryAsync(Rules, "SELECT STATUS FROM T_BATCH_LOG_0001 ORDER BY LOG_ID")).Select(r => (string)r[0]!).Should().Equal("FAILED", "SUCCESS");
        Directory.EnumerateFiles(Path.Combine(BaseDirectory, "lake"), "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    private async Task<long> TargetRowsAsync() =>
        await CountAsync(Target, "SELECT COUNT(*) FROM pg_class WHERE relname = 'shop_big'") == 0 ? 0 : await CountAsync(Target, "SELECT COUNT(*) FROM shop_big");

    private Process StartCollector(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Batch.Samples.Collector.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DATALAKE_COLLECTOR"] = BaseDirectory;
        start.Environment["Batch__HeartbeatInterval"] = "00:00:01";
        start.Environment["Batch__TakeOverDeadExecutionsAfter"] = "00:00:05";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => TestContext.Progress.WriteLine("child: " + e.Data);
        process.ErrorDataReceived += (_, e) => TestContext.Progress.WriteLine("child err: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, Process child)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (child.HasExited)
            {
                Assert.Fail($"The collector exited with {child.ExitCode} before the condition held.");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                Assert.Fail("The condition did not hold within 120 s.");
            }

            await Task.Delay(20);
        }
    }
}
