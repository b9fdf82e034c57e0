using Batch.Core.Tests.Support;
using Batch.Jobs;

namespace Batch.Core.Tests.Jobs;

public class RestartRuleTests : StepLogFixture
{
    [Test]
    public async Task A_step_past_its_start_limit_fails_the_job_with_a_message_naming_the_limit_and_what_to_do()
    {
        var flaky = Log.Step("flaky", (_, _) => throw new InvalidOperationException("still broken"), b => b.StartLimit(2));
        var job = new JobBuilder("limited").Flow(f => f.Start(flaky)).Build();
        await RunAsync(job);
        await RunAsync(job);

        var third = await RunAsync(job);

        third.Status.Should().Be(BatchStatus.Failed);
        third.ExitStatus.ExitDescription.Should().Contain("Step 'flaky' of job 'limited' has been started 2 times, its start limit is 2").And.Contain("raise the limit");
        third.FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<StartLimitExceededException>();
        Log.Count("flaky").Should().Be(2);
    }

    [Test]
    public async Task A_step_that_allows_start_if_complete_runs_again_on_restart_while_other_completed_steps_do_not()
    {
        var loadFails = true;
        var job = new JobBuilder("refresh")
            .Start(Log.Step("prepare", configure: b => b.AllowStartIfComplete()))
            .Next(Log.Step("extract"))
            .Next(Log.Fails("load", () => loadFails))
            .Build();
        await RunAsync(job);

        loadFails = false;
        var restarted = await RunAsync(job);

        restarted.Status.Should().Be(BatchStatus.Completed);
        Log.Ran.Should().Equal("prepare", "extract", "load", "prepare", "load");
    }

    [Test]
    public async Task A_job_that_is_not_restartable_refuses_to_run_a_stopped_instance_again()
    {
        using var cancellation = new CancellationTokenSource();
        var job = new JobBuilder("once")
            .PreventRestart()
            .Start(Log.Step("work", async (_, _) => await cancellation.CancelAsync()))
            .Next(Log.Step("more"))
            .Build();
        var stopped = await Launcher.RunAsync(job, JobParameters.Empty, cancellation.Token);

        var again = () => RunAsync(job);

        stopped.Status.Should().Be(BatchStatus.Stopped);
        (await again.Should().ThrowAsync<JobRestartException>()).WithMessage("*'once' is not restartable*other identifying parameters*");
    }
}
