using Batch.Core.Tests.Support;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Core.Tests.Flows;

public class JobStepTests : StepLogFixture
{
    [Test]
    public async Task A_job_step_runs_another_job_as_its_own_instance_and_takes_its_exit_status()
    {
        var child = new JobBuilder("child").Start(Log.Exits("child-work", "COMPLETED WITH SKIPS")).Build();
        var runChild = new StepBuilder("run-child")
            .Job(child)
            .Parameters(ctx => JobParameters.Parse($"region=eu&date:date={ctx.JobParameters.GetDate("date"):yyyy-MM-dd}"))
            .Build();
        var parent = new JobBuilder("parent")
            .Flow(f => f.Start(runChild).On("COMPLETED WITH SKIPS").To(Log.Step("review-skips")).On("*").End())
            .Build();

        var execution = await RunAsync(parent, "date:date=2026-11-22");

        execution.Status.Should().Be(BatchStatus.Completed);
        execution.StepExecutions.Single(s => s.StepName == "run-child").ExitStatus.ExitCode.Should().Be("COMPLETED WITH SKIPS");
        Log.Ran.Should().Equal("child-work", "review-skips");
        var childInstance = await Repository.GetJobInstanceAsync("child", JobParameters.Parse("region=eu&date:date=2026-11-22"), CancellationToken.None);
        childInstance.Should().NotBeNull();
        childInstance!.Should().NotBe(execution.JobInstance);
    }

    [Test]
    public async Task A_failed_child_job_fails_the_job_step_and_a_restart_restarts_the_child_where_it_failed()
    {
        var secondFails = true;
        var child = new JobBuilder("child").Start(Log.Step("first")).Next(Log.Fails("second", () => secondFails)).Build();
        var parent = new JobBuilder("parent").Start(new StepBuilder("run-child").Job(child).Build()).Build();

        var failed = await RunAsync(parent, "run:long=1");

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.ExitStatus.ExitDescription.Should().Contain("Job 'child' run by step 'run-child' ended FAILED");
        secondFails = false;
        var restarted = await RunAsync(parent, "run:long=1");

        restarted.Status.Should().Be(BatchStatus.Completed);
        Log.Ran.Should().Equal("first", "second", "second");
        var childInstance = await Repository.GetJobInstanceAsync("child", JobParameters.Parse("run:long=1"), CancellationToken.None);
        (await Repository.GetJobExecutionsAsync(childInstance!, CancellationToken.None)).Should().HaveCount(2);
    }
}
