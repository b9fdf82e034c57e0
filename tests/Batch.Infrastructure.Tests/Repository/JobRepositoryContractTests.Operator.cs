using Batch.Hosting;
using Batch.Infrastructure.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// What the operator's commands may and may not do to the history, on every repository: cleanup keeps what a
/// restart needs, a live execution is not marked ended under its process, ABANDONED is final, a dead execution
/// does not stay STOPPING. Times come from a fake clock (no test waits for the wall clock).
/// </summary>
public sealed partial class JobRepositoryContractTests<TBackend>
{
    private static readonly DateTimeOffset Long = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _clock = null!;

    [Test]
    public async Task Cleanup_deletes_whole_instances_whose_last_execution_completed_or_was_abandoned_and_keeps_failed_stopped_and_live_ones()
    {
        var failedThenCompleted = await LaunchAsync("restarted");
        await AddStepAsync(failedThenCompleted);
        await EndAsync(failedThenCompleted, BatchStatus.Failed, Long);
        var completed = await LaunchAsync("restarted");
        await EndAsync(completed, BatchStatus.Completed, Long);
        var abandoned = await LaunchAsync("abandoned");
        await EndAsync(abandoned, BatchStatus.Abandoned, Long);
        var failed = await LaunchAsync("failed");
        await AddStepAsync(failed);
        await EndAsync(failed, BatchStatus.Failed, Long);
        var stopped = await LaunchAsync("stopped");
        await EndAsync(stopped, BatchStatus.Stopped, Long);
        var live = await LaunchAsync("live");
        live.Status = BatchStatus.Started;
        live.EndTime = Long; // a live execution is kept whatever its END_TIME says
        await _repository.UpdateJobExecutionAsync(live, CancellationToken.None);
        var recent = await LaunchAsync("recent");
        await EndAsync(recent, BatchStatus.Completed);

        var deleted = await _repository.DeleteJobInstancesEndedBeforeAsync(Cutoff, includeRestartable: false, CancellationToken.None);

        deleted.Should().Be(new DeletedHistory(Instances: 2, Executions: 3));
        (await _repository.GetJobNamesAsync(CancellationToken.None)).Should().Equal("failed", "live", "recent", "stopped");
        foreach (var gone in new[] { failedThenCompleted, completed, abandoned })
        {
            (await _repository.GetJobExecutionAsync(gone.Id, CancellationToken.None)).Should().BeNull();
        }

        (await _repository.GetJobExecutionAsync(failed.Id, CancellationToken.None))!.StepExecutions.Should().ContainSingle();
        (await _repository.GetJobExecutionAsync(stopped.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Stopped);
        (await _repository.GetJobExecutionAsync(live.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
        (await LaunchAsync("failed")).JobInstance.Id.Should().Be(failed.JobInstance.Id, "the failed instance restarts, it is not created again");
    }

    [Test]
    public async Task Cleanup_keeps_every_execution_of_an_instance_whose_older_execution_is_past_the_age_but_whose_last_is_not()
    {
        var older = await LaunchAsync();
        var firstStep = await AddStepAsync(older, "load");
        firstStep.Status = BatchStatus.Completed;
        await _repository.UpdateStepExecutionAsync(firstStep, CancellationToken.None);
        await EndAsync(older, BatchStatus.Failed, Long);
        var newer = await LaunchAsync();
        await EndAsync(newer, BatchStatus.Failed);

        var deleted = await _repository.DeleteJobInstancesEndedBeforeAsync(Cutoff, includeRestartable: false, CancellationToken.None);

        deleted.Should().Be(new DeletedHistory(0, 0));
        (await _repository.GetJobExecutionAsync(older.Id, CancellationToken.None)).Should().NotBeNull();
        var history = await _repository.GetStepHistoryAsync(older.JobInstance, "load", CancellationToken.None);
        history.LastExecution!.Status.Should().Be(BatchStatus.Completed, "a restart must still see that the step completed");
    }

    [Test]
    public async Task Cleanup_told_to_include_restartable_instances_deletes_failed_and_stopped_ones_too_but_never_a_live_one()
    {
        var failed = await LaunchAsync("failed");
        await AddStepAsync(failed);
        await EndAsync(failed, BatchStatus.Failed, Long);
        var stopped = await LaunchAsync("stopped");
        await EndAsync(stopped, BatchStatus.Stopped, Long);
        var failedThenLive = await LaunchAsync("live");
        await EndAsync(failedThenLive, BatchStatus.Failed, Long);
        var live = await LaunchAsync("live");
        live.Status = BatchStatus.Started;
        await _repository.UpdateJobExecutionAsync(live, CancellationToken.None);

        var deleted = await _repository.DeleteJobInstancesEndedBeforeAsync(Cutoff, includeRestartable: true, CancellationToken.None);

        deleted.Should().Be(new DeletedHistory(2, 2));
        (await _repository.GetJobNamesAsync(CancellationToken.None)).Should().Equal("live");
        (await _repository.GetJobExecutionAsync(failedThenLive.Id, CancellationToken.None)).Should().NotBeNull();
    }

    [Test]
    public async Task Fail_or_abandon_of_an_execution_whose_heartbeat_is_fresh_is_refused_as_running_and_points_to_stop_and_the_jobs_next_commit_is_kept()
    {
        var jobOperator = await OperatorWithClockAsync();
        var (execution, step) = await StartedWithStepAsync();
        _clock.Advance(TimeSpan.FromMinutes(9));
        await CommitChunkAsync(step);

        foreach (var status in new[] { BatchStatus.Failed, BatchStatus.Abandoned })
        {
            var mark = () => jobOperator.MarkEndedAsync(execution.Id, status, BatchOptions.DefaultRecoverStaleAfter, CancellationToken.None);
            (await mark.Should().ThrowAsync<JobExecutionAlreadyRunningException>())
                .Which.Message.Should().Contain($"'stop {execution.Id}'").And.Contain("0 s ago");
        }

        await CommitChunkAsync(step); // the job goes on, and nothing of it was lost
        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        stored.Status.Should().Be(BatchStatus.Started);
        stored.StepExecutions.Single().Status.Should().Be(BatchStatus.Started);
        stored.StepExecutions.Single().CommitCount.Should().Be(2);
    }

    [Test]
    public async Task Fail_of_an_execution_silent_for_longer_than_the_recover_age_marks_it_and_its_unfinished_step_FAILED_and_it_restarts()
    {
        var jobOperator = await OperatorWithClockAsync();
        var (execution, _) = await StartedWithStepAsync();
        _clock.Advance(TimeSpan.FromMinutes(11));

        var marked = await jobOperator.MarkEndedAsync(execution.Id, BatchStatus.Failed, BatchOptions.DefaultRecoverStaleAfter, CancellationToken.None);

        marked.Status.Should().Be(BatchStatus.Failed);
        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        stored.Status.Should().Be(BatchStatus.Failed);
        stored.StepExecutions.Single().Status.Should().Be(BatchStatus.Failed);
        (await LaunchAsync()).JobInstance.Id.Should().Be(execution.JobInstance.Id);
    }

    [Test]
    public async Task Ending_a_silent_execution_saves_nothing_when_a_step_committed_after_the_operator_read_it()
    {
        _ = await OperatorWithClockAsync();
        var (execution, step) = await StartedWithStepAsync();
        _clock.Advance(TimeSpan.FromMinutes(11));
        var copy = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        await CommitChunkAsync(step); // the job commits a chunk between the operator's read and its save
        var copyStep = copy.StepExecutions.Single();
        copyStep.Status = BatchStatus.Failed;
        copy.Status = BatchStatus.Failed;
        copy.EndTime = _clock.GetUtcNow();

        var saved = await _repository.EndSilentJobExecutionAsync(copy, [copyStep], _clock.GetUtcNow() - TimeSpan.FromMinutes(10), CancellationToken.None);
        var staleStep = () => _repository.EndSilentJobExecutionAsync(copy, [copyStep], _clock.GetUtcNow(), CancellationToken.None).AsTask();

        saved.Should().BeFalse("the step's heartbeat is younger than the age");
        await staleStep.Should().ThrowAsync<OptimisticLockingFailureException>("the operator's copy of the step is stale");
        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        stored.Status.Should().Be(BatchStatus.Started, "neither attempt saved the job execution");
        stored.Version.Should().Be(execution.Version);
        stored.StepExecutions.Single().Status.Should().Be(BatchStatus.Started);
    }

    [Test]
    public async Task A_launch_of_an_instance_with_an_ABANDONED_execution_is_refused_as_final_even_when_an_older_one_was_abandoned()
    {
        var abandoned = await LaunchAsync("last");
        await EndAsync(abandoned, BatchStatus.Abandoned);
        var older = await LaunchAsync("older");
        await EndAsync(older, BatchStatus.Failed);
        var newer = await LaunchAsync("older");
        await EndAsync(newer, BatchStatus.Failed);
        var stored = (await _repository.GetJobExecutionAsync(older.Id, CancellationToken.None))!;
        await EndAsync(stored, BatchStatus.Abandoned);

        var relaunch = () => LaunchAsync("last", allowStartIfComplete: true).AsTask();
        var relaunchOlder = () => LaunchAsync("older").AsTask();

        (await relaunch.Should().ThrowAsync<JobRestartException>()).Which.Message.Should().Contain("ABANDONED").And.Contain("other identifying parameters");
        (await relaunchOlder.Should().ThrowAsync<JobRestartException>()).Which.Message.Should().Contain($"Execution {older.Id}");
    }

    [Test]
    public async Task Restart_of_an_abandoned_execution_is_refused_and_fail_cannot_turn_it_back_into_FAILED()
    {
        var jobOperator = await OperatorWithClockAsync();
        var execution = await LaunchAsync();
        await EndAsync(execution, BatchStatus.Failed);
        await jobOperator.MarkEndedAsync(execution.Id, BatchStatus.Abandoned, TimeSpan.Zero, CancellationToken.None);

        var restart = () => jobOperator.RestartAsync(execution.Id, CancellationToken.None);
        var fail = () => jobOperator.MarkEndedAsync(execution.Id, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);

        (await restart.Should().ThrowAsync<JobRestartException>()).Which.Message.Should().Contain("ABANDONED").And.Contain("other identifying parameters");
        (await fail.Should().ThrowAsync<JobRestartException>()).Which.Message.Should().Contain("final");
        (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Abandoned);
    }

    [Test]
    public async Task Stop_of_an_execution_whose_heartbeat_is_stale_marks_it_STOPPED_with_its_step_and_a_launch_restarts_it()
    {
        var jobOperator = await OperatorWithClockAsync();
        var (execution, _) = await StartedWithStepAsync();
        _clock.Advance(TimeSpan.FromMinutes(11));

        var stopped = await jobOperator.StopAsync(execution.Id, CancellationToken.None);

        stopped.Status.Should().Be(BatchStatus.Stopped);
        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        stored.Status.Should().Be(BatchStatus.Stopped);
        stored.StepExecutions.Single().Status.Should().Be(BatchStatus.Stopped);
        (await LaunchAsync()).JobInstance.Id.Should().Be(execution.JobInstance.Id);
    }

    [Test]
    public async Task Stop_of_an_execution_with_a_fresh_heartbeat_marks_it_STOPPING_and_a_second_stop_after_it_fell_silent_marks_it_STOPPED()
    {
        var jobOperator = await OperatorWithClockAsync();
        var (execution, _) = await StartedWithStepAsync();

        (await jobOperator.StopAsync(execution.Id, CancellationToken.None)).Status.Should().Be(BatchStatus.Stopping);
        _clock.Advance(TimeSpan.FromMinutes(11)); // its process was killed: nobody ends it STOPPED
        (await jobOperator.StopAsync(execution.Id, CancellationToken.None)).Status.Should().Be(BatchStatus.Stopped);
    }

    [Test]
    public async Task A_stop_request_leaves_the_heartbeat_as_it_was_so_a_dead_process_does_not_look_alive()
    {
        var jobOperator = await OperatorWithClockAsync();
        var (execution, _) = await StartedWithStepAsync();
        _clock.Advance(TimeSpan.FromMinutes(6)); // killed a while ago, but not yet silent for the recover age (10 min)
        var before = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;

        (await jobOperator.StopAsync(execution.Id, CancellationToken.None)).Status.Should().Be(BatchStatus.Stopping);
        var after = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        after.Status.Should().Be(BatchStatus.Stopping);
        after.LastUpdated.Should().Be(before.LastUpdated, "a stop request is not a sign of life");
        _clock.Advance(TimeSpan.FromMinutes(5)); // 11 minutes after its last heartbeat, 5 after the stop

        var failed = await jobOperator.MarkEndedAsync(execution.Id, BatchStatus.Failed, TimeSpan.FromMinutes(10), CancellationToken.None);

        failed.Status.Should().Be(BatchStatus.Failed, "it has been silent for longer than the recover age since its last heartbeat");
    }

    [Test]
    public async Task Run_and_restart_of_an_instance_left_STOPPING_by_a_dead_process_say_how_long_it_has_been_silent_and_name_recover_and_fail()
    {
        var jobOperator = await OperatorWithClockAsync();
        var (execution, _) = await StartedWithStepAsync();
        await jobOperator.StopAsync(execution.Id, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(25));

        var run = () => jobOperator.StartAsync("job", Day, CancellationToken.None);
        var restart = () => jobOperator.RestartAsync(execution.Id, CancellationToken.None);

        foreach (var refused in new[] { await run.Should().ThrowAsync<JobExecutionAlreadyRunningException>(), await restart.Should().ThrowAsync<JobExecutionAlreadyRunningException>() })
        {
            refused.Which.Message.Should().Contain("STOPPING").And.Contain("silent for 25 min 0 s").And.Contain("'recover'").And.Contain($"'fail {execution.Id}'");
        }
    }

    [Test]
    public async Task A_launch_refused_because_an_execution_is_running_names_stop_recover_and_fail_even_without_the_operator()
    {
        var running = await LaunchAsync();

        var relaunch = () => LaunchAsync().AsTask();

        (await relaunch.Should().ThrowAsync<JobExecutionAlreadyRunningException>())
            .Which.Message.Should().Contain($"'stop {running.Id}'").And.Contain("'recover'").And.Contain($"'fail {running.Id} 0'");
    }

    /// <summary>Replaces the fixture's store with one whose repositories run on a fake clock, and gives an operator on it.</summary>
    private async Task<JobOperator> OperatorWithClockAsync()
    {
        await _backend.DisposeAsync();
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        _backend = new TBackend { Time = _clock };
        _repository = await _backend.OpenAsync();
        var job = new JobBuilder("job").Start(new StepBuilder("step").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build();
        return new JobOperator(new JobRegistry(job), new JobLauncher(_repository, _clock), _repository, _clock);
    }

    private async Task<(JobExecution Execution, StepExecution Step)> StartedWithStepAsync()
    {
        var execution = await LaunchAsync();
        execution.StartTime = _clock.GetUtcNow();
        execution.Status = BatchStatus.Started;
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        var step = await AddStepAsync(execution);
        step.Status = BatchStatus.Started;
        step.StartTime = _clock.GetUtcNow();
        await _repository.UpdateStepExecutionAsync(step, CancellationToken.None);
        return (execution, step);
    }

    private async Task CommitChunkAsync(StepExecution step)
    {
        await using var chunk = await _repository.BeginChunkAsync(step, CancellationToken.None);
        step.Count(commit: step.CommitCount + 1);
        await chunk.CommitAsync(CancellationToken.None);
    }
}
