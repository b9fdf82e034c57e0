using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Launch;
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

    [Test]
    public async Task Run_with_wait_queues_for_the_slot_and_runs_once_the_first_execution_ends()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new JobBuilder("report").LaunchGroup("reports", maxLive: 1)
            .Start(new StepBuilder("work").Tasklet(async (ctx, ct) =>
            {
                if (ctx.StepExecution.JobParameters.GetString("day") == "1")
                {
                    entered.TrySetResult();
                    await release.Task.WaitAsync(ct);
                }

                return RepeatStatus.Finished;
            }).Build())
            .Build();
        using var cli = new CommandLineHarness(s => s.AddBatch(b => b.AddJob(job)));
        var first = Task.Run(() => cli.RunAsync("run", "report", "day=1"));
        await entered.Task.WaitAsync(FakeClock.Generous);
        var runner = cli.Services.GetRequiredService<BatchCommandLineRunner>();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var second = Task.Run(() => runner.RunAsync(["run", "report", "day=2", "--wait", "--max-wait", "60"], output, error, CancellationToken.None));
        var jobOperator = cli.Services.GetRequiredService<IJobOperator>();
        using (var limit = new CancellationTokenSource(FakeClock.Generous))
        {
            while (!(await jobOperator.GetLaunchTicketsAsync("reports", limit.Token)).Any(t => t.State == LaunchSlotState.Waiting))
            {
                second.IsCompleted.Should().BeFalse(error.ToString());
                await Task.Delay(20, limit.Token);
            }
        }

        second.IsCompleted.Should().BeFalse("the second launch waits while the first holds the only slot");
        release.SetResult();
        (await first.WaitAsync(FakeClock.Generous)).Should().Be(BatchExitCodes.Completed);
        (await second.WaitAsync(FakeClock.Generous)).Should().Be(BatchExitCodes.Completed, error.ToString());
        output.ToString().Should().Contain("COMPLETED").And.Contain("day=2");
    }

    [Test]
    public async Task Max_wait_without_wait_or_with_a_bad_value_is_a_usage_error()
    {
        using var cli = new CommandLineHarness(s => s.AddBatch(b => b.AddJob(new NumbersJob(10, 10).Job)));
        (await cli.RunAsync("run", "numbers", "--max-wait", "5")).Should().Be(BatchExitCodes.UsageError);
        cli.Err.ToString().Should().Contain("only meaningful with --wait");
        (await cli.RunAsync("next", "numbers", "--wait", "--max-wait", "soon")).Should().Be(BatchExitCodes.UsageError);
        cli.Err.ToString().Should().Contain("'soon' is not a number of minutes");
    }
}
