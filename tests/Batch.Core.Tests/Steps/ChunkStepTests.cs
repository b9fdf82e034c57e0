using Batch.Core.Tests.Support;
using Batch.Launch;
using Batch.Repository;

namespace Batch.Core.Tests.Steps;

public class ChunkStepTests : LauncherFixture
{

    [Test]
    public async Task A_chunk_step_over_10007_items_with_chunk_size_100_commits_101_times_and_counts_every_item()
    {
        var numbers = new NumbersJob(10_007, 100);

        var execution = await Launcher.RunAsync(numbers.Job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        var step = execution.StepExecutions.Single();
        step.CommitCount.Should().Be(101);
        step.ReadCount.Should().Be(10_007);
        step.WriteCount.Should().Be(10_007);
        step.RollbackCount.Should().Be(0);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 10_007));
    }

    [Test]
    public async Task A_failure_at_item_537_fails_the_execution_and_a_restart_reads_from_item_501_without_losing_or_duplicating_items()
    {
        var numbers = new NumbersJob(1_000, 100) { FailAt = 537 };
        var parameters = JobParameters.Parse("date:date=2026-11-22");

        var failed = await Launcher.RunAsync(numbers.Job, parameters, CancellationToken.None);

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.ExitStatus.ExitCode.Should().Be("FAILED");
        failed.ExitStatus.ExitDescription.Should().Contain("Poisoned item 537");
        var failedStep = failed.StepExecutions.Single();
        failedStep.CommitCount.Should().Be(5);
        failedStep.ReadCount.Should().Be(500);
        failedStep.WriteCount.Should().Be(500);
        failedStep.RollbackCount.Should().Be(1);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 500));

        numbers.FailAt = 0;
        numbers.Reads.Clear();
        var restarted = await Launcher.RunAsync(numbers.Job, parameters, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed);
        restarted.JobInstance.Should().Be(failed.JobInstance);
        numbers.Reads.Items[0].Should().Be(501);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 1_000));
        var restartedStep = restarted.StepExecutions.Single();
        restartedStep.ReadCount.Should().Be(500);
        restartedStep.CommitCount.Should().Be(5);
    }

    [Test]
    public async Task The_saved_checkpoint_of_a_failed_step_is_the_last_committed_chunk_not_the_failed_one()
    {
        var numbers = new NumbersJob(1_000, 100) { FailAt = 537 };

        var failed = await Launcher.RunAsync(numbers.Job, JobParameters.Empty, CancellationToken.None);

        var stored = await Repository.GetJobExecutionAsync(failed.Id, CancellationToken.None);
        var step = stored!.StepExecutions.Single();
        step.ExecutionContext.GetLong("list.reader.read.count").Should().Be(500);
        step.ReadCount.Should().Be(500);
        step.Status.Should().Be(BatchStatus.Failed);
    }

    [Test]
    public async Task Cancellation_after_a_chunk_ends_the_step_stopped_at_that_boundary_and_a_restart_completes_it()
    {
        using var cancellation = new CancellationTokenSource();
        var numbers = new NumbersJob(1_000, 100) { CancelAt = 301, Cancellation = cancellation };

        var stopped = await Launcher.RunAsync(numbers.Job, JobParameters.Empty, cancellation.Token);

        stopped.Status.Should().Be(BatchStatus.Stopped);
        stopped.ExitStatus.ExitCode.Should().Be("STOPPED");
        var step = stopped.StepExecutions.Single();
        step.Status.Should().Be(BatchStatus.Stopped);
        step.CommitCount.Should().Be(3);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 300));

        numbers.CancelAt = 0;
        var restarted = await Launcher.RunAsync(numbers.Job, JobParameters.Empty, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 1_000));
    }

    [Test]
    public async Task Cancellation_in_the_middle_of_a_chunk_rolls_that_chunk_back_and_stops_at_the_previous_boundary()
    {
        using var cancellation = new CancellationTokenSource();
        var numbers = new NumbersJob(1_000, 100) { CancelAt = 250, Cancellation = cancellation };

        var stopped = await Launcher.RunAsync(numbers.Job, JobParameters.Empty, cancellation.Token);

        stopped.Status.Should().Be(BatchStatus.Stopped);
        stopped.StepExecutions.Single().CommitCount.Should().Be(2);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 200));

        numbers.CancelAt = 0;
        numbers.Reads.Clear();
        var restarted = await Launcher.RunAsync(numbers.Job, JobParameters.Empty, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed);
        numbers.Reads.Items[0].Should().Be(201);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 1_000));
    }

    [Test]
    public async Task A_processor_that_returns_none_filters_the_item_and_counts_it()
    {
        var writer = new Batch.Items.ListItemWriter<string>();
        var job = new Batch.Jobs.JobBuilder("evens")
            .Start(new Batch.Steps.StepBuilder("filter")
                .Chunk<int, string>(10)
                .Reader(_ => new Batch.Items.ListItemReader<int>(Enumerable.Range(1, 25).ToArray()))
                .Processor((i, _) => ValueTask.FromResult(i % 2 == 0 ? new Batch.Items.ItemResult<string>($"#{i}") : Batch.Items.ItemResult<string>.None))
                .Writer(writer)
                .Build())
            .Build();

        var execution = await RunAsync(job);

        var step = execution.StepExecutions.Single();
        step.ReadCount.Should().Be(25);
        step.FilterCount.Should().Be(13);
        step.WriteCount.Should().Be(12);
        step.CommitCount.Should().Be(3);
        writer.Written.Should().StartWith(["#2", "#4"]);
    }

    [Test]
    public async Task A_stop_requested_through_theRepository_is_seen_at_the_next_chunk_boundary()
    {
        var numbers = new NumbersJob(1_000, 100);
        var jobOperator = new JobOperator(new JobRegistry(numbers.Job), Launcher, Repository);
        var stopListener = new StopAfterChunks(jobOperator, chunks: 2);
        var job = new Batch.Jobs.JobBuilder("stoppable")
            .Start(new Batch.Steps.StepBuilder("load")
                .Chunk<int>(100)
                .Reader(_ => new Batch.Items.ListItemReader<int>(Enumerable.Range(1, 1_000).ToArray()))
                .Writer(numbers.Writer)
                .Listener(stopListener)
                .Build())
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Stopped);
        execution.StepExecutions.Single().CommitCount.Should().Be(2);
        (await Repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Stopped);
    }

    private sealed class StopAfterChunks(IJobOperator jobOperator, int chunks) : Batch.Listeners.IChunkListener
    {
        public async ValueTask AfterChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken)
        {
            if (stepExecution.CommitCount == chunks - 1)
            {
                await jobOperator.StopAsync(stepExecution.JobExecution.Id, cancellationToken);
            }
        }
    }
}
