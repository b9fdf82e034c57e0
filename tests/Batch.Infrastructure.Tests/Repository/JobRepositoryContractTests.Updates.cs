using Batch.Infrastructure.Tests.Support;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Repository;

public sealed partial class JobRepositoryContractTests<TBackend>
{
    [Test]
    public async Task A_job_execution_update_saves_status_times_and_exit_status_and_bumps_the_version()
    {
        var execution = await LaunchAsync();
        var start = new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero);
        execution.StartTime = start;
        execution.Status = BatchStatus.Started;
        execution.ExitStatus = new ExitStatus("EXECUTING", "working");

        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);

        execution.Version.Should().Be(1);
        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        stored.Version.Should().Be(1);
        stored.Status.Should().Be(BatchStatus.Started);
        stored.StartTime.Should().Be(start);
        stored.ExitStatus.Should().Be(new ExitStatus("EXECUTING", "working"));
        stored.LastUpdated.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task A_stale_copy_of_a_job_execution_is_not_saved()
    {
        var execution = await LaunchAsync();
        var stale = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        execution.Status = BatchStatus.Started;
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        stale.Status = BatchStatus.Failed;

        var update = async () => await _repository.UpdateJobExecutionAsync(stale, CancellationToken.None);

        (await update.Should().ThrowAsync<OptimisticLockingFailureException>()).WithMessage("*changed by someone else*");
        (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
    }

    [Test]
    public async Task SynchronizeStatus_adopts_a_stop_requested_through_another_copy_so_the_final_update_succeeds()
    {
        var running = await LaunchAsync();
        running.Status = BatchStatus.Started;
        await _repository.UpdateJobExecutionAsync(running, CancellationToken.None);
        var other = await _backend.OpenAsync();
        var operatorCopy = (await other.GetJobExecutionAsync(running.Id, CancellationToken.None))!;
        operatorCopy.Status = BatchStatus.Stopping;
        await other.UpdateJobExecutionAsync(operatorCopy, CancellationToken.None);

        await _repository.SynchronizeStatusAsync(running, CancellationToken.None);

        running.Status.Should().Be(BatchStatus.Stopping);
        running.Version.Should().Be(operatorCopy.Version);
        running.Status = BatchStatus.Stopped;
        await _repository.UpdateJobExecutionAsync(running, CancellationToken.None);
        (await other.GetJobExecutionAsync(running.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Stopped);
    }

    [Test]
    public async Task A_step_history_gives_the_last_execution_of_the_step_with_its_context_and_how_often_it_started()
    {
        var first = await LaunchAsync();
        var firstStep = await AddStepAsync(first, "load");
        firstStep.ExecutionContext.Put("read.count", 100L);
        firstStep.Status = BatchStatus.Failed;
        await _repository.UpdateStepExecutionAsync(firstStep, CancellationToken.None);
        await AddStepAsync(first, "report");
        await EndAsync(first, BatchStatus.Failed);
        var second = await LaunchAsync();
        var secondStep = await AddStepAsync(second, "load");
        secondStep.ExecutionContext.Put("read.count", 300L);
        await _repository.UpdateStepExecutionAsync(secondStep, CancellationToken.None);

        var history = await _repository.GetStepHistoryAsync(second.JobInstance, "load", CancellationToken.None);

        history.StartCount.Should().Be(2);
        history.LastExecution!.Id.Should().Be(secondStep.Id);
        history.LastExecution.JobExecution.Id.Should().Be(second.Id);
        history.LastExecution.ExecutionContext.GetLong("read.count").Should().Be(300);
        (await _repository.GetStepHistoryAsync(second.JobInstance, "never", CancellationToken.None)).Should().Be(new StepHistory(null, 0));
    }

    [Test]
    public async Task A_stale_copy_of_a_step_execution_is_not_saved()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        var stale = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
        step.Count(read: 10);
        await _repository.UpdateStepExecutionAsync(step, CancellationToken.None);
        stale.Count(read: 99);

        var update = async () => await _repository.UpdateStepExecutionAsync(stale, CancellationToken.None);

        (await update.Should().ThrowAsync<OptimisticLockingFailureException>()).WithMessage("*changed by someone else*");
        (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single().ReadCount.Should().Be(10);
    }

    [Test]
    public async Task A_stale_copy_with_a_changed_context_saves_neither_the_row_nor_the_context()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        var (staleJob, staleStep) = (stored, stored.StepExecutions.Single());
        execution.Status = BatchStatus.Started;
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        step.Count(read: 10);
        await _repository.UpdateStepExecutionAsync(step, CancellationToken.None);
        staleJob.ExecutionContext.Put("job.note", "stale");
        staleStep.ExecutionContext.Put("reader.position", 99L);

        var updateJob = async () => await _repository.UpdateJobExecutionAsync(staleJob, CancellationToken.None);
        var updateStep = async () => await _repository.UpdateStepExecutionAsync(staleStep, CancellationToken.None);

        await updateJob.Should().ThrowAsync<OptimisticLockingFailureException>();
        await updateStep.Should().ThrowAsync<OptimisticLockingFailureException>();
        var after = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        after.ExecutionContext.ContainsKey("job.note").Should().BeFalse();
        after.StepExecutions.Single().ExecutionContext.ContainsKey("reader.position").Should().BeFalse();
        after.StepExecutions.Single().ReadCount.Should().Be(10);
    }

    [Test]
    public async Task A_step_update_sets_TerminateOnly_when_the_job_execution_is_STOPPING()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        await RequestStopThroughAnotherCopyAsync(execution);

        await _repository.UpdateStepExecutionAsync(step, CancellationToken.None);

        step.TerminateOnly.Should().BeTrue();
    }

    private async Task RequestStopThroughAnotherCopyAsync(JobExecution execution)
    {
        var other = await _backend.OpenAsync();
        var copy = (await other.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        copy.Status = BatchStatus.Stopping;
        await other.UpdateJobExecutionAsync(copy, CancellationToken.None);
    }
}
