using Batch.Core.Tests.Support;
using Batch.Items;
using Batch.Launch;
using Microsoft.Extensions.Logging;

namespace Batch.Core.Tests.Jobs;

/// <summary>The job-flow channel (seed 002): one short line per start and end, normal, with warnings or abnormal, for alerting.</summary>
public class JobFlowLogTests : LauncherFixture
{
    [Test]
    public async Task A_job_logs_started_and_ended_normally_with_warnings_or_abnormally_on_the_job_flow_channel()
    {
        using var logs = new LogCapture();
        var launcher = new JobLauncher(Repository, loggerFactory: logs);
        var broken = false;
        var job = ChunkJobs.Numbers(
            new NumberReader(30) { Malformed = { 4 } },
            new AtomicWriter(),
            chunkSize: 10,
            faultTolerance: ft => ft.Skip<MalformedItemException>(),
            processor: (n, _) => broken && n == 25 ? throw new InvalidOperationException("broken") : ValueTask.FromResult(ItemResult<int>.Of(n)),
            name: "JOB1001");

        var skipped = await launcher.RunAsync(job, JobParameters.Parse("run:long=1"), CancellationToken.None);
        broken = true;
        var failed = await launcher.RunAsync(job, JobParameters.Parse("run:long=2"), CancellationToken.None);
        var plain = await launcher.RunAsync(
            ChunkJobs.Numbers(new NumberReader(5), new AtomicWriter(), name: "JOB1002"), JobParameters.Empty, CancellationToken.None);

        var lines = logs.In(BatchLogCategories.JobFlow).Select(e => (e.Level, e.Message)).ToList();
        lines.Should().Equal(
            (LogLevel.Information, $"JOB1001 started (execution {skipped.Id})"),
            (LogLevel.Warning, $"JOB1001 ended with warnings: COMPLETED WITH SKIPS (execution {skipped.Id})"),
            (LogLevel.Information, $"JOB1001 started (execution {failed.Id})"),
            (LogLevel.Error, $"JOB1001 ended abnormally: FAILED (execution {failed.Id})"),
            (LogLevel.Information, $"JOB1002 started (execution {plain.Id})"),
            (LogLevel.Information, $"JOB1002 ended normally (execution {plain.Id})"));
    }

    [Test]
    public async Task A_job_that_was_stopped_ends_stopped_as_a_warning_not_abnormally()
    {
        using var logs = new LogCapture();
        var launcher = new JobLauncher(Repository, loggerFactory: logs);
        using var stop = new CancellationTokenSource();
        var job = ChunkJobs.Numbers(
            new NumberReader(30), new AtomicWriter(), chunkSize: 10, processor: (n, _) =>
            {
                if (n == 10)
                {
                    stop.Cancel(); // as Ctrl+C does: the job stops at the chunk boundary
                }

                return ValueTask.FromResult(ItemResult<int>.Of(n));
            },
            name: "JOB1003");

        var stopped = await launcher.RunAsync(job, JobParameters.Empty, stop.Token);

        stopped.Status.Should().Be(BatchStatus.Stopped);
        logs.In(BatchLogCategories.JobFlow).Select(e => (e.Level, e.Message)).Last()
            .Should().Be((LogLevel.Warning, $"JOB1003 ended stopped: STOPPED (execution {stopped.Id}), restartable"));
    }
}
