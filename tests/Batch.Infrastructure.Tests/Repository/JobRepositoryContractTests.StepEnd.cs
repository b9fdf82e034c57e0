using Batch.Infrastructure.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Listeners;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>A step's end saved with its last chunk's commit (<see cref="Batch.Repository.IChunkSession.SavesStepEndWithLastChunk"/>).</summary>
public sealed partial class JobRepositoryContractTests<TBackend>
{
    private static readonly DateTimeOffset EndedAt = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_session_commit_of_a_step_no_longer_running_saves_its_status_end_time_exit_status_counters_and_context_at_once()
    {
        var execution = await LaunchAsync();
        var step = await StartedStepAsync(execution);

        await using (var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None))
        {
            session.SavesStepEndWithLastChunk.Should().BeTrue();
            await using (var first = await session.BeginChunkAsync(CancellationToken.None))
            {
                step.Count(commit: 1, read: 10, write: 10);
                await first.CommitAsync(CancellationToken.None);
            }

            (await StoredStepAsync(execution)).Status.Should().Be(BatchStatus.Started, "an ordinary chunk commit saves only the progress");
            await using var last = await session.BeginChunkAsync(CancellationToken.None);
            step.Count(commit: 2, read: 15, write: 15);
            step.ExecutionContext.Put("done", "yes");
            step.Status = BatchStatus.Completed;
            step.ExitStatus = new ExitStatus("NO MORE DATA", "all read");
            step.EndTime = EndedAt;
            await last.CommitAsync(CancellationToken.None);
        }

        var stored = await StoredStepAsync(execution);
        (stored.Status, stored.ExitStatus.ExitCode, stored.ExitStatus.ExitDescription, stored.EndTime).Should().Be(
            (BatchStatus.Completed, "NO MORE DATA", "all read", EndedAt));
        (stored.ReadCount, stored.WriteCount, stored.CommitCount, stored.Version).Should().Be((15, 15, 2, 3));
        stored.ExecutionContext.GetString("done").Should().Be("yes");
        step.Version.Should().Be(3, "the in-memory copy follows, so a later save of the step is not stale");
        await _repository.UpdateStepExecutionAsync(step, CancellationToken.None);
    }

    [Test]
    public async Task A_stale_last_chunk_of_a_session_saves_neither_its_counters_nor_the_steps_end()
    {
        var execution = await LaunchAsync();
        var step = await StartedStepAsync(execution);
        var other = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
        other.ExitStatus = new ExitStatus("TOUCHED");
        await _repository.UpdateStepExecutionAsync(other, CancellationToken.None);

        await using (var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None))
        {
            await using var last = await session.BeginChunkAsync(CancellationToken.None);
            step.Count(commit: 1);
            step.Status = BatchStatus.Completed;
            step.ExitStatus = ExitStatus.Completed;
            step.EndTime = EndedAt;
            var commit = async () => await last.CommitAsync(CancellationToken.None);
            await commit.Should().ThrowAsync<OptimisticLockingFailureException>();
        }

        var stored = await StoredStepAsync(execution);
        (stored.Status, stored.ExitStatus.ExitCode, stored.EndTime, stored.CommitCount).Should().Be((BatchStatus.Started, "TOUCHED", (DateTimeOffset?)null, 0L));
    }

    [Test]
    public async Task A_tasklet_step_without_listeners_is_stored_COMPLETED_with_its_end_and_a_restart_of_the_job_does_not_run_it_again()
    {
        var launcher = new JobLauncher(_repository);
        var parameters = new JobParametersBuilder().AddLong("run", 1).Build();
        var calls = 0;
        var failSecond = true;
        SimpleJob Build() => new JobBuilder("two steps")
            .Start(new StepBuilder("count").Tasklet((_, _) =>
            {
                calls++;
                return ValueTask.FromResult(calls % 3 == 0 ? RepeatStatus.Finished : RepeatStatus.Continuable);
            }).Build())
            .Next(new StepBuilder("then").Tasklet((_, _) => failSecond ? throw new InvalidOperationException("the second step fails") : ValueTask.FromResult(RepeatStatus.Finished)).Build())
            .Build();

        var first = await launcher.RunAsync(Build(), parameters, CancellationToken.None);

        first.Status.Should().Be(BatchStatus.Failed);
        var stored = (await _repository.GetJobExecutionAsync(first.Id, CancellationToken.None))!.StepExecutions.Single(s => s.StepName == "count");
        (stored.Status, stored.ExitStatus.ExitCode, stored.CommitCount).Should().Be((BatchStatus.Completed, "COMPLETED", 3L));
        stored.EndTime.Should().NotBeNull().And.BeOnOrAfter(stored.StartTime!.Value);
        failSecond = false;
        var second = await launcher.RunAsync(Build(), parameters, CancellationToken.None);

        second.Status.Should().Be(BatchStatus.Completed);
        calls.Should().Be(3, "the completed step is not run again");
        (await _repository.GetJobExecutionAsync(second.Id, CancellationToken.None))!.StepExecutions.Select(s => s.StepName).Should().Equal("then");
    }

    [Test]
    public async Task A_tasklet_steps_own_exit_status_is_the_one_stored_when_it_ends_with_its_last_commit()
    {
        var launcher = new JobLauncher(_repository);
        var job = new JobBuilder("no data")
            .Start(new StepBuilder("look").Tasklet((call, _) =>
            {
                call.StepExecution.ExitStatus = new ExitStatus("NO DATA");
                return ValueTask.FromResult(RepeatStatus.Finished);
            }).Build())
            .Build();

        var execution = await launcher.RunAsync(job, new JobParametersBuilder().AddLong("run", 1).Build(), CancellationToken.None);

        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
        (stored.Status, stored.ExitStatus.ExitCode).Should().Be((BatchStatus.Completed, "NO DATA"));
    }

    [Test]
    public async Task A_step_listener_that_changes_a_tasklet_steps_exit_status_after_its_work_is_saved()
    {
        var launcher = new JobLauncher(_repository);
        var job = new JobBuilder("listened")
            .Start(new StepBuilder("work").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Listener(new ExitStatusSetter("CHECKED")).Build())
            .Build();

        var execution = await launcher.RunAsync(job, new JobParametersBuilder().AddLong("run", 1).Build(), CancellationToken.None);

        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
        (stored.Status, stored.ExitStatus.ExitCode).Should().Be((BatchStatus.Completed, "CHECKED"));
        stored.EndTime.Should().NotBeNull();
    }

    private async Task<StepExecution> StartedStepAsync(JobExecution execution)
    {
        var step = await AddStepAsync(execution);
        step.Status = BatchStatus.Started;
        step.StartTime = EndedAt.AddMinutes(-1);
        await _repository.UpdateStepExecutionAsync(step, CancellationToken.None);
        return step;
    }

    private sealed class ExitStatusSetter(string exitCode) : IStepExecutionListener
    {
        public ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken)
        {
            stepExecution.ExitStatus = new ExitStatus(exitCode);
            return ValueTask.CompletedTask;
        }
    }
}
