using Batch.Core.Tests.Support;
using Batch.Flows;
using Batch.Jobs;

namespace Batch.Core.Tests.Flows;

public class FlowTests : StepLogFixture
{
    [Test]
    public async Task A_failed_step_goes_where_its_FAILED_transition_says_and_the_job_ends_as_that_path_ends()
    {
        var load = Log.Fails("load", () => true);
        var notify = Log.Step("notify");
        var report = Log.Step("report");
        var job = new JobBuilder("import")
            .Flow(f => f.Start(load).On("FAILED").To(notify).On("*").To(report).From(notify).On("*").Fail("LOAD FAILED"))
            .Build();

        var execution = await RunAsync(job);

        Log.Ran.Should().Equal("load", "notify");
        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitCode.Should().Be("LOAD FAILED");
        execution.ExitStatus.ExitDescription.Should().Contain("'notify' ended COMPLETED");
    }

    [Test]
    public async Task A_step_that_completed_with_skips_takes_the_most_specific_matching_transition()
    {
        var load = Log.Exits("load", "COMPLETED WITH SKIPS");
        var job = new JobBuilder("import")
            .Flow(f => f
                .Start(load)
                .On("*").To(Log.Step("any"))
                .On("COMPLETED*").To(Log.Step("completed-star"))
                .On("COMPLETED WITH SKIP?").To(Log.Step("question-mark"))
                .On("COMPLETED WITH SKIPS").To(Log.Step("exact")))
            .Build();

        var execution = await RunAsync(job);

        Log.Ran.Should().Equal("load", "exact");
        execution.Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_question_mark_pattern_is_more_specific_than_a_star_and_a_star_catches_the_rest()
    {
        var job = new JobBuilder("import")
            .Flow(f => f
                .Start(Log.Exits("load", "CODE-7"))
                .On("CODE-*").To(Log.Step("star"))
                .On("CODE-?").To(Log.Step("one-char")))
            .Build();
        var other = new JobBuilder("other")
            .Flow(f => f.Start(Log.Exits("load2", "SOMETHING")).On("CODE-?").To(Log.Step("one-char2")).On("*").To(Log.Step("rest")))
            .Build();

        await RunAsync(job);
        await RunAsync(other);

        Log.Ran.Should().Equal("load", "one-char", "load2", "rest");
    }

    [Test]
    public async Task A_decision_computed_in_code_routes_the_flow()
    {
        var job = new JobBuilder("daily")
            .Flow(f => f
                .Start(Log.Step("load"))
                .Next(new WeekendDecider(), "weekend?")
                .On("WEEKEND").To(Log.Step("rest"))
                .On("WEEKDAY").To(Log.Step("report")))
            .Build();

        var saturday = await RunAsync(job, "date:date=2026-11-21");
        var monday = await RunAsync(job, "date:date=2026-11-23");

        saturday.Status.Should().Be(BatchStatus.Completed);
        monday.Status.Should().Be(BatchStatus.Completed);
        Log.Ran.Should().Equal("load", "rest", "load", "report");
    }

    [Test]
    public async Task A_decision_outcome_that_no_transition_matches_fails_the_job_with_a_clear_message()
    {
        var job = new JobBuilder("daily")
            .Flow(f => f.Start(new WeekendDecider(), "weekend?").On("WEEKDAY").To(Log.Step("report")))
            .Build();

        var execution = await RunAsync(job, "date:date=2026-11-21");

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("Decision 'weekend?'").And.Contain("\"WEEKEND\"").And.Contain("none of its transitions");
    }

    [Test]
    public async Task End_completes_the_job_with_its_exit_code_even_after_a_failed_step()
    {
        var job = new JobBuilder("optional")
            .Flow(f => f.Start(Log.Fails("fetch", () => true)).On("FAILED").End("NOTHING TO FETCH").On("*").To(Log.Step("load")))
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        execution.ExitStatus.ExitCode.Should().Be("NOTHING TO FETCH");
        Log.Ran.Should().Equal("fetch");
    }

    [Test]
    public async Task Without_a_matching_transition_a_completed_step_goes_next_and_a_failed_one_fails_the_flow()
    {
        var secondFails = true;
        var job = new JobBuilder("line")
            .Flow(f => f.Start(Log.Step("first")).Next(Log.Fails("second", () => secondFails)).Next(Log.Step("third")))
            .Build();

        var failed = await RunAsync(job);
        secondFails = false;
        var restarted = await RunAsync(job);

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.ExitStatus.ExitDescription.Should().Contain("second failed");
        restarted.Status.Should().Be(BatchStatus.Completed);
        Log.Ran.Should().Equal("first", "second", "second", "third");
        restarted.StepExecutions.Select(s => s.StepName).Should().Equal("second", "third");
    }

    [Test]
    public async Task A_flow_stopped_by_StopAndRestart_ends_stopped_and_its_restart_resumes_at_the_named_step()
    {
        var review = Log.Step("review");
        var job = new JobBuilder("approval")
            .Flow(f => f
                .Start(Log.Exits("prepare", "NEEDS REVIEW"))
                .On("NEEDS REVIEW").StopAndRestart(review)
                .On("*").To(Log.Step("publish"))
                .From(review).Next(Log.Step("release")))
            .Build();

        var stopped = await RunAsync(job);

        stopped.Status.Should().Be(BatchStatus.Stopped);
        stopped.ExitStatus.ExitCode.Should().Be("STOPPED");
        stopped.ExitStatus.ExitDescription.Should().Contain("a restart resumes at 'review'");
        Log.Ran.Should().Equal("prepare");

        var restarted = await RunAsync(job);

        restarted.Status.Should().Be(BatchStatus.Completed);
        restarted.JobInstance.Should().Be(stopped.JobInstance);
        Log.Ran.Should().Equal("prepare", "review", "release");
    }

    [Test]
    public async Task A_split_runs_its_flows_in_parallel_and_joins_them_before_the_next_step()
    {
        var leftStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rightStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = new FlowBuilder("left").Start(Log.Step("left-1", async (_, ct) =>
        {
            leftStarted.SetResult();
            await rightStarted.Task.WaitAsync(FakeClock.Generous, ct);
        })).Next(Log.Step("left-2")).Build();
        var right = new FlowBuilder("right").Start(Log.Step("right-1", async (_, ct) =>
        {
            rightStarted.SetResult();
            await leftStarted.Task.WaitAsync(FakeClock.Generous, ct);
        })).Build();
        var job = new JobBuilder("statistics")
            .Flow(f => f.Start(Log.Step("aggregate")).Next(Flow.Split("reports", left, right)).Next(Log.Step("publish")))
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        Log.Ran[0].Should().Be("aggregate");
        Log.Ran[^1].Should().Be("publish");
        Log.Ran.Should().HaveCount(5);
        var stored = await Repository.GetJobExecutionAsync(execution.Id, CancellationToken.None);
        stored!.StepExecutions.Select(s => s.StepName).Should().BeEquivalentTo(["aggregate", "left-1", "left-2", "right-1", "publish"]);
        stored.StepExecutions.Should().OnlyContain(s => s.Status == BatchStatus.Completed);
    }

    [Test]
    public async Task A_split_with_a_failed_branch_fails_and_a_restart_reruns_only_what_did_not_complete()
    {
        var rightFails = true;
        var split = Flow.Split(
            "branches",
            new FlowBuilder("left").Start(Log.Step("left")).Build(),
            new FlowBuilder("right").Start(Log.Fails("right", () => rightFails)).Build());
        var job = new JobBuilder("branches-job").Flow(f => f.Start(split).Next(Log.Step("after"))).Build();

        var failed = await RunAsync(job);
        rightFails = false;
        var restarted = await RunAsync(job);

        failed.Status.Should().Be(BatchStatus.Failed);
        restarted.Status.Should().Be(BatchStatus.Completed);
        Log.Count("left").Should().Be(1);
        Log.Count("right").Should().Be(2);
        Log.Count("after").Should().Be(1);
    }

    [Test]
    public async Task A_failed_flow_job_restarts_through_the_same_transitions_to_the_failed_step()
    {
        var checkFails = true;
        var check = Log.Fails("check", () => checkFails);
        var job = new JobBuilder("replay")
            .Flow(f => f
                .Start(Log.Exits("load", "PARTIAL"))
                .On("PARTIAL").To(check)
                .On("*").To(Log.Step("full-report"))
                .From(check).Next(Log.Step("partial-report")))
            .Build();

        (await RunAsync(job)).Status.Should().Be(BatchStatus.Failed);
        checkFails = false;
        var restarted = await RunAsync(job);

        restarted.Status.Should().Be(BatchStatus.Completed);
        Log.Ran.Should().Equal("load", "check", "check", "partial-report");
    }

    [Test]
    public void Two_different_steps_with_one_name_in_a_flow_job_are_refused_when_building()
    {
        var build = () => new JobBuilder("clash")
            .Flow(f => f.Start(Log.Step("same")).On("*").To(Flow.Split("s", new FlowBuilder("a").Start(Log.Step("same")).Build(), new FlowBuilder("b").Start(Log.Step("other")).Build())))
            .Build();

        build.Should().Throw<ArgumentException>().WithMessage("*two different steps named 'same'*");
    }

    private sealed class WeekendDecider : IJobExecutionDecider
    {
        public ValueTask<string> DecideAsync(JobExecution jobExecution, StepExecution? stepExecution, CancellationToken cancellationToken) =>
            ValueTask.FromResult(jobExecution.JobParameters.GetDate("date").DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? "WEEKEND" : "WEEKDAY");
    }
}
