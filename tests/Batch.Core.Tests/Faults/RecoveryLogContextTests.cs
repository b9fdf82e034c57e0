using Batch.Core.Tests.Support;
using Batch.Faults;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Listeners;
using Batch.Steps;

namespace Batch.Core.Tests.Faults;

/// <summary>What a recovery-channel line tells the operator besides the error: which execution, and where in the input.</summary>
public class RecoveryLogContextTests
{
    [Test]
    public async Task A_step_failure_on_the_recovery_channel_names_the_job_and_step_execution_ids()
    {
        var logs = new LogCapture();
        var job = new JobBuilder("import-sales")
            .Start(new StepBuilder("check").Tasklet((_, _) => throw new BusinessException("The sales file did not arrive.")).Build())
            .Build();

        var execution = await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        var step = execution.StepExecutions.Single();
        logs.In(BatchLogCategories.Recovery).Should().ContainSingle().Which.Message.Should()
            .Contain($"(job execution {execution.Id}, step execution {step.Id})").And.Contain("did not arrive");
    }

    [Test]
    public async Task A_job_failure_on_the_recovery_channel_names_the_job_execution_id()
    {
        var logs = new LogCapture();
        var job = new JobBuilder("import-sales")
            .Listener(new FailingBeforeJob())
            .Start(new StepBuilder("check").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
            .Build();

        var execution = await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Failed);
        logs.In(BatchLogCategories.Recovery).Should().ContainSingle().Which.Message.Should()
            .Contain($"Job 'import-sales' (job execution {execution.Id})").And.Contain("no business date");
    }

    [Test]
    public async Task A_skipped_record_on_the_recovery_channel_names_the_execution_ids()
    {
        var logs = new LogCapture();
        var job = ChunkJobs.Numbers(new NumberReader(20) { Malformed = { 7 } }, new AtomicWriter(), faultTolerance: ft => ft);

        var execution = await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        var step = execution.StepExecutions.Single();
        logs.In(BatchLogCategories.Recovery).Should().ContainSingle().Which.Message.Should()
            .Contain($"(job execution {execution.Id}, step execution {step.Id})").And.Contain("line 7");
    }

    [Test]
    public async Task A_business_error_skipped_in_the_process_phase_logs_the_position_the_reader_read_it_at()
    {
        var logs = new LogCapture();
        var job = ChunkJobs.Numbers(
            new NumberReader(20),
            new AtomicWriter(),
            chunkSize: 5,
            faultTolerance: ft => ft.Skip<BusinessException>().SkipLimit(5),
            processor: (item, _) => item == 13
                ? throw new BusinessException($"Customer {item} has no account.", "Open the account, then restart.")
                : ValueTask.FromResult(new ItemResult<int>(item)));

        var execution = await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        var step = execution.StepExecutions.Single();
        step.ProcessSkipCount.Should().Be(1);
        logs.In(BatchLogCategories.Recovery).Should().ContainSingle().Which.Message.Should()
            .Contain("item '13' read at line 13")
            .And.Contain($"(job execution {execution.Id}, step execution {step.Id})")
            .And.Contain("has no account");
    }

    [Test]
    public async Task A_business_error_skipped_in_the_process_phase_of_a_reader_without_positions_logs_the_item_alone()
    {
        var logs = new LogCapture();
        var step = new StepBuilder("load").Chunk<int>(5)
            .Reader(new ListReader([1, 2, 3]))
            .Processor((item, _) => item == 2 ? throw new BusinessException("No account.") : ValueTask.FromResult(new ItemResult<int>(item)))
            .Writer(new AtomicWriter())
            .FaultTolerant().Skip<BusinessException>().SkipLimit(1)
            .Build();

        await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs)
            .RunAsync(new JobBuilder("numbers").Start(step).Build(), JobParameters.Empty, CancellationToken.None);

        logs.In(BatchLogCategories.Recovery).Should().ContainSingle().Which.Message.Should()
            .Contain("skipped item '2', which it could not process");
    }

    private sealed class FailingBeforeJob : IJobExecutionListener
    {
        public ValueTask BeforeJobAsync(JobExecution jobExecution, CancellationToken cancellationToken) =>
            throw new BusinessException("The calendar has no business date for today.");
    }

    private sealed class ListReader(int[] items) : IItemReader<int>
    {
        private int _next;

        public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken) =>
            new(_next < items.Length ? new ItemResult<int>(items[_next++]) : ItemResult<int>.None);
    }
}
