using Samples;
using System.Diagnostics;
using Batch.Hosting;

namespace Batch.Samples.Tests;

/// <summary>The real process: SIGTERM (what Ctrl+C and service managers send) stops the running step at a chunk boundary.</summary>
public class SignalTests
{
    [Test]
    public async Task Sigterm_stops_the_running_job_as_stopped_and_running_it_again_completes_it()
    {
        var directory = Directory.CreateTempSubdirectory("squares-signal-");
        try
        {
            var database = $"Data Source={Path.Combine(directory.FullName, "samples.db")}";
            using var first = Start(database, "run", "squares", "count:long=50000000");
            await WaitForOutputAsync(first, "Step 'square' started", TimeSpan.FromMinutes(3));
            await WaitForCommitsAsync(first, database, 3); // so that the second run has a checkpoint to resume from

            Signal(first.Process.Id, "TERM");
            var stopped = await ExitCodeAsync(first, TimeSpan.FromMinutes(3));

            stopped.Should().Be(BatchExitCodes.Stopped, first.Output);
            first.Output.Should().Contain("STOPPED");

            using var second = Start(database, "run", "squares", "count:long=50000000");
            await WaitForOutputAsync(second, "resuming from its saved context", TimeSpan.FromMinutes(3));
            Signal(second.Process.Id, "TERM");
            (await ExitCodeAsync(second, TimeSpan.FromMinutes(3))).Should().Be(BatchExitCodes.Stopped, second.Output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_run_killed_with_sigkill_is_recovered_and_its_restart_writes_every_square_exactly_once()
    {
        var directory = Directory.CreateTempSubdirectory("squares-kill-");
        try
        {
            var database = $"Data Source={Path.Combine(directory.FullName, "samples.db")}";
            using (var first = Start(database, "run", "squares", "count:long=2000000"))
            {
                await WaitForOutputAsync(first, "Step 'square' started", TimeSpan.FromMinutes(3));
                await WaitForCommitsAsync(first, database, 5); // killed in the middle of the step, after some chunks
                Signal(first.Process.Id, "KILL");
                (await ExitCodeAsync(first, TimeSpan.FromMinutes(3))).Should().NotBe(0);
            }

            using var refused = Start(database, "run", "squares", "count:long=2000000");
            (await ExitCodeAsync(refused, TimeSpan.FromMinutes(3))).Should().Be(BatchExitCodes.Refused, refused.Output);

            using var recover = Start(database, "recover", "0");
            (await ExitCodeAsync(recover, TimeSpan.FromMinutes(3))).Should().Be(BatchExitCodes.Completed, recover.Output);
            recover.Output.Should().Contain("Marked FAILED");

            // The report step fails the job unless the table holds every square exactly once.
            using var restarted = Start(database, "run", "squares", "count:long=2000000");
            (await ExitCodeAsync(restarted, TimeSpan.FromMinutes(5))).Should().Be(BatchExitCodes.Completed, restarted.Output);
            restarted.Output.Should().Contain("The table holds 2000000 squares");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static RunningSample Start(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(SampleHost).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Batch__Provider"] = "Sqlite";
        start.Environment["Batch__ConnectionString"] = connectionString;
        var sample = new RunningSample(Process.Start(start)!);
        sample.Process.OutputDataReceived += (_, e) => sample.Append(e.Data);
        sample.Process.ErrorDataReceived += (_, e) => sample.Append(e.Data);
        sample.Process.BeginOutputReadLine();
        sample.Process.BeginErrorReadLine();
        return sample;
    }

    private static async Task WaitForOutputAsync(RunningSample sample, string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!sample.Output.Contains(text, StringComparison.Ordinal))
        {
            if (sample.Process.HasExited || clock.Elapsed > timeout)
            {
                Assert.Fail($"The sample never printed '{text}'. Output:\n{sample.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits (a condition, polled) until the running step committed at least <paramref name="commits"/> chunks.</summary>
    private static async Task WaitForCommitsAsync(RunningSample sample, string connectionString, int commits)
    {
        var clock = Stopwatch.StartNew(); // a limit only
        while (await CommitsAsync(connectionString) < commits)
        {
            if (sample.Process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                Assert.Fail($"The step never committed {commits} chunks. Output:\n{sample.Output}");
            }

            await Task.Delay(20);
        }
    }

    private static async Task<long> CommitsAsync(string connectionString)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(COMMIT_COUNT), 0) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'square' AND STATUS = 'STARTED'";
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static async Task<int> ExitCodeAsync(RunningSample sample, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await sample.Process.WaitForExitAsync(cancellation.Token);
        return sample.Process.ExitCode;
    }

    private static void Signal(int processId, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {processId}");
        kill.WaitForExit();
    }

    private sealed class RunningSample(Process process) : IDisposable
    {
        private readonly Lock _lock = new();

        public Process Process { get; } = process;

        private readonly System.Text.StringBuilder _output = new();

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
            if (line is null)
            {
                return;
            }

            lock (_lock)
            {
                _output.AppendLine(line);
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
