using Batch.Core.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Core.Tests.Launch;

public class JobLauncherTests : LauncherFixture
{

    [Test]
    public async Task A_completed_instance_launched_again_is_refused_with_a_clear_error()
    {
        var numbers = new NumbersJob(10, 5);
        var parameters = JobParameters.Parse("date:date=2026-11-22");
        (await Launcher.RunAsync(numbers.Job, parameters, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);

        var again = () => Launcher.RunAsync(numbers.Job, parameters, CancellationToken.None);

        (await again.Should().ThrowAsync<JobInstanceAlreadyCompleteException>())
            .WithMessage("*'numbers'*already completed*other identifying parameters*");
        numbers.Writer.Written.Should().HaveCount(10);
    }

    [Test]
    public async Task A_second_launch_of_a_running_instance_is_refused()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new JobBuilder("slow")
            .Start(new StepBuilder("wait").Tasklet(async (_, ct) =>
            {
                entered.TrySetResult();
                await release.Task.WaitAsync(ct);
                return RepeatStatus.Finished;
            }).Build())
            .Build();
        var parameters = JobParameters.Parse("run:long=1");

        var first = Launcher.RunAsync(job, parameters, CancellationToken.None);
        await entered.Task;
        var second = () => Launcher.RunAsync(job, parameters, CancellationToken.None);

        (await second.Should().ThrowAsync<JobExecutionAlreadyRunningException>()).WithMessage("*'slow'*already running*");
        release.SetResult();
        (await first).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task Launches_racing_for_one_instance_start_exactly_one_execution()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new JobBuilder("race")
            .Start(new StepBuilder("wait").Tasklet(async (_, ct) =>
            {
                await release.Task.WaitAsync(ct);
                return RepeatStatus.Finished;
            }).Build())
            .Build();

        var launches = Enumerable.Range(0, 8).Select(_ => Task.Run(() => RunAsync(job))).ToList();

        // The winner is held in its tasklet until the seven others have tried (and been refused as already running).
        await FakeClock.WaitUntilAsync(() => launches.Count(t => t.IsCompleted) == 7);
        release.SetResult();
        var outcomes = await Task.WhenAll(launches.Select(async t =>
        {
            try
            {
                return (await t).Status.ToCode();
            }
            catch (JobExecutionAlreadyRunningException)
            {
                return "running";
            }
            catch (JobInstanceAlreadyCompleteException)
            {
                return "complete";
            }
        }));

        outcomes.Count(o => o == "COMPLETED").Should().Be(1);
        outcomes.Count(o => o == "running").Should().Be(7, "every loser tried while the winner was running");
    }

    [Test]
    public async Task A_job_that_is_not_restartable_refuses_a_second_execution_of_a_failed_instance()
    {
        var attempts = 0;
        var job = new JobBuilder("once")
            .PreventRestart()
            .Start(new StepBuilder("boom").Tasklet((_, _) =>
            {
                attempts++;
                throw new InvalidOperationException("boom");
            }).Build())
            .Build();
        (await RunAsync(job)).Status.Should().Be(BatchStatus.Failed);

        var again = () => RunAsync(job);

        (await again.Should().ThrowAsync<JobRestartException>()).WithMessage("*not restartable*");
        attempts.Should().Be(1);
    }

    [Test]
    public async Task The_validator_rejects_missing_parameters_before_an_execution_is_created()
    {
        var numbers = new NumbersJob(10, 5);
        var job = new JobBuilder("validated")
            .Validator(new DefaultJobParametersValidator().Require("date", JobParameterType.Date))
            .Start(numbers.Job.Steps[0])
            .Build();

        var launch = () => RunAsync(job);

        (await launch.Should().ThrowAsync<JobParametersInvalidException>()).WithMessage("*'date' is required*date:date=*");
        (await Repository.GetJobNamesAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task A_restart_skips_steps_that_completed_and_resumes_the_failed_one()
    {
        var firstRuns = 0;
        var secondFails = true;
        var job = new JobBuilder("two-steps")
            .Start(new StepBuilder("first").Tasklet((_, _) =>
            {
                firstRuns++;
                return ValueTask.FromResult(RepeatStatus.Finished);
            }).Build())
            .Next(new StepBuilder("second").Tasklet((_, _) =>
                secondFails ? throw new InvalidOperationException("not yet") : ValueTask.FromResult(RepeatStatus.Finished)).Build())
            .Build();
        (await RunAsync(job)).Status.Should().Be(BatchStatus.Failed);

        secondFails = false;
        var restarted = await RunAsync(job);

        restarted.Status.Should().Be(BatchStatus.Completed);
        firstRuns.Should().Be(1);
        restarted.StepExecutions.Select(s => s.StepName).Should().Equal("second");
    }

    [Test]
    public async Task A_step_started_more_often_than_its_start_limit_fails_the_job_with_a_clear_error()
    {
        var job = new JobBuilder("limited")
            .Start(new StepBuilder("flaky").StartLimit(2).Tasklet((_, _) => throw new InvalidOperationException("flaky")).Build())
            .Build();
        await RunAsync(job);
        await RunAsync(job);

        var third = await RunAsync(job);

        third.Status.Should().Be(BatchStatus.Failed);
        third.ExitStatus.ExitDescription.Should().Contain("start limit is 2");
    }

    [Test]
    public async Task Launched_is_called_with_the_new_execution_before_the_first_step_and_not_at_all_when_the_launch_is_refused()
    {
        JobExecution? launched = null;
        var idSeenByStep = (long?)null;
        var job = new JobBuilder("told")
            .Start(new StepBuilder("once").Tasklet((ctx, _) =>
            {
                idSeenByStep = launched?.Id;
                return ValueTask.FromResult(RepeatStatus.Finished);
            }).Build())
            .Build();
        var options = LaunchOptions.Default with { Launched = e => launched = e };

        var execution = await Launcher.RunAsync(job, JobParameters.Parse("day=1"), options, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        idSeenByStep.Should().Be(execution.Id, "the callback ran before the step");
        launched = null;
        var again = () => Launcher.RunAsync(job, JobParameters.Parse("day=1"), options, CancellationToken.None);
        await again.Should().ThrowAsync<JobInstanceAlreadyCompleteException>();
        launched.Should().BeNull();
    }

    [Test]
    public async Task Next_after_an_instance_run_by_hand_without_a_run_id_counts_on_past_the_completed_ones()
    {
        var numbers = new NumbersJob(10, 5);
        var job = new JobBuilder("incremented").Incrementer(new RunIdIncrementer()).Start(numbers.Job.Steps[0]).Build();
        var jobOperator = new JobOperator(new JobRegistry(job), Launcher, Repository);
        await jobOperator.StartNextInstanceAsync("incremented", null, CancellationToken.None);
        await jobOperator.StartNextInstanceAsync("incremented", null, CancellationToken.None);
        (await jobOperator.StartAsync("incremented", JobParameters.Empty, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);

        var next = await jobOperator.StartNextInstanceAsync("incremented", null, CancellationToken.None);

        next.Status.Should().Be(BatchStatus.Completed);
        next.JobParameters.GetLong("run.id").Should().Be(3, "run.id 1 and 2 are instances that completed");
    }

    [Test]
    public async Task The_next_instance_gets_its_parameters_from_the_incrementer()
    {
        var numbers = new NumbersJob(10, 5);
        var job = new JobBuilder("incremented").Incrementer(new RunIdIncrementer()).Start(numbers.Job.Steps[0]).Build();
        var jobOperator = new JobOperator(new JobRegistry(job), Launcher, Repository);

        var first = await jobOperator.StartNextInstanceAsync("incremented", null, CancellationToken.None);
        var second = await jobOperator.StartNextInstanceAsync("incremented", null, CancellationToken.None);

        first.JobParameters.GetLong("run.id").Should().Be(1);
        second.JobParameters.GetLong("run.id").Should().Be(2);
        second.JobInstance.Should().NotBe(first.JobInstance);
        second.Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task The_operator_restarts_a_failed_execution_by_id_with_its_parameters()
    {
        var numbers = new NumbersJob(300, 100) { FailAt = 150 };
        var jobOperator = new JobOperator(new JobRegistry(numbers.Job), Launcher, Repository);
        var failed = await jobOperator.StartAsync("numbers", "date:date=2026-11-22&-note=first", CancellationToken.None);
        numbers.FailAt = 0;

        var restarted = await jobOperator.RestartAsync(failed.Id, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed);
        restarted.JobParameters.Equals(failed.JobParameters).Should().BeTrue();
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 300));
    }

    [Test]
    public async Task A_dead_execution_marked_failed_by_the_operator_can_be_restarted()
    {
        var numbers = new NumbersJob(10, 5);
        var jobOperator = new JobOperator(new JobRegistry(numbers.Job), Launcher, Repository);
        var orphan = await Repository.CreateJobExecutionAsync(new JobLaunchRequest("numbers", JobParameters.Empty), CancellationToken.None);
        orphan.Status = BatchStatus.Started;
        await Repository.UpdateJobExecutionAsync(orphan, CancellationToken.None);

        var marked = await jobOperator.MarkEndedAsync(orphan.Id, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);
        var restarted = await jobOperator.RestartAsync(orphan.Id, CancellationToken.None);

        marked.Status.Should().Be(BatchStatus.Failed);
        restarted.Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task Failing_an_execution_that_failed_already_changes_nothing_and_keeps_its_reason()
    {
        var (jobOperator, failed) = await FailedAsync();
        var reason = failed.ExitStatus.ExitDescription;

        var marked = await jobOperator.MarkEndedAsync(failed.Id, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);

        marked.Status.Should().Be(BatchStatus.Failed);
        (await Repository.GetJobExecutionAsync(failed.Id, CancellationToken.None))!.ExitStatus.ExitDescription.Should().Be(reason);
    }

    [Test]
    public async Task Abandoning_an_execution_that_failed_keeps_its_reason_after_the_operator_s_mark()
    {
        var (jobOperator, failed) = await FailedAsync();
        var reason = failed.ExitStatus.ExitDescription;

        await jobOperator.MarkEndedAsync(failed.Id, BatchStatus.Abandoned, TimeSpan.Zero, CancellationToken.None);

        var saved = (await Repository.GetJobExecutionAsync(failed.Id, CancellationToken.None))!;
        saved.Status.Should().Be(BatchStatus.Abandoned);
        saved.ExitStatus.ExitDescription.Should().StartWith("Marked ABANDONED by an operator. It had ended FAILED: ").And.Contain(reason[..Math.Min(40, reason.Length)]);
    }

    private async Task<(JobOperator Operator, JobExecution Failed)> FailedAsync()
    {
        var numbers = new NumbersJob(300, 100) { FailAt = 150 };
        var jobOperator = new JobOperator(new JobRegistry(numbers.Job), Launcher, Repository);
        return (jobOperator, await jobOperator.StartAsync("numbers", "date:date=2026-11-22", CancellationToken.None));
    }
}
