using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Core.Tests.Launch;

/// <summary>The command line of today with a launch group: a launch past the limit is refused with exit code 4 and the one-line message.</summary>
public class QueuedLaunchCommandLineTests
{
    [Test]
    public async Task Run_of_a_job_whose_launch_group_is_full_is_refused_with_exit_code_4_naming_the_group_and_wait()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new JobBuilder("report").LaunchGroup("reports", maxLive: 1)
            .Start(new StepBuilder("work").Tasklet(async (_, ct) =>
            {
                entered.TrySetResult();
                await release.Task.WaitAsync(ct);
                return RepeatStatus.Finished;
            }).Build())
            .Build();
        using var first = new CommandLineHarness(s => s.AddBatch(b => b.AddJob(job)));
        var running = Task.Run(() => first.RunAsync("run", "report", "day=1"));
        await entered.Task.WaitAsync(FakeClock.Generous);
        var second = first.Services.GetRequiredService<BatchCommandLineRunner>();
        using var err = new StringWriter();

        var code = await second.RunAsync(["run", "report", "day=2"], TextWriter.Null, err, CancellationToken.None);

        code.Should().Be(BatchExitCodes.Refused);
        err.ToString().Should().StartWith("refused: Launch group 'reports' of job 'report' allows at most 1 live execution").And.Contain("--wait");
        err.ToString().TrimEnd().Split('\n').Should().ContainSingle("one line");
        release.SetResult();
        (await running.WaitAsync(FakeClock.Generous)).Should().Be(BatchExitCodes.Completed);
    }
}
