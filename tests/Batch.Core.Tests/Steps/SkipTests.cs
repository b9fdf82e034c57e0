using Batch.Core.Tests.Support;
using Batch.Items;
using Batch.Launch;
using Batch.Repository;

namespace Batch.Core.Tests.Steps;

public class SkipTests : LauncherFixture
{

    [Test]
    public async Task Three_malformed_records_among_10000_with_skip_limit_5_are_skipped_counted_and_reported_with_their_positions()
    {
        var reader = new NumberReader(10_000) { Malformed = { 17, 5_000, 9_999 } };
        var writer = new AtomicWriter();
        var skips = new SkipRecorder();
        var job = ChunkJobs.Numbers(reader, writer, faultTolerance: ft => ft.SkipLimit(5).Listener(skips));

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        var step = execution.StepExecutions.Single();
        step.ReadSkipCount.Should().Be(3);
        step.ProcessSkipCount.Should().Be(0);
        step.WriteSkipCount.Should().Be(0);
        step.ReadCount.Should().Be(9_997);
        step.WriteCount.Should().Be(9_997);
        step.ExitStatus.ExitCode.Should().Be("COMPLETED WITH SKIPS");
        skips.ReadPositions.Should().Equal("line 17", "line 5000", "line 9999");
        writer.Written.Should().HaveCount(9_997).And.NotContain([17, 5_000, 9_999]).And.OnlyHaveUniqueItems();
    }

    [Test]
    public async Task A_read_failure_that_carries_no_position_is_reported_with_the_readers_position()
    {
        var reader = new NumberReader(50) { Unparsable = { 31 } };
        var skips = new SkipRecorder();
        var job = ChunkJobs.Numbers(reader, new AtomicWriter(), chunkSize: 10, faultTolerance: ft => ft.Skip<FormatException>().Listener(skips));

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        skips.ReadPositions.Should().Equal("line 31");
    }

    [Test]
    public async Task A_poisoned_item_in_a_chunk_of_100_is_skipped_in_write_while_the_other_99_are_written_once()
    {
        var writer = new AtomicWriter { Poisoned = { 42 } };
        var skips = new SkipRecorder();
        var job = ChunkJobs.Numbers(new NumberReader(100), writer, faultTolerance: ft => ft.Listener(skips));

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(1, 100).Where(i => i != 42));
        skips.WriteSkips.Should().Equal(42);
        var step = execution.StepExecutions.Single();
        step.WriteSkipCount.Should().Be(1);
        step.WriteCount.Should().Be(99);
        step.ReadCount.Should().Be(100);
        step.CommitCount.Should().Be(1);
        step.RollbackCount.Should().Be(1);
    }

    [Test]
    public async Task Without_a_skip_policy_a_poisoned_item_fails_the_step_and_a_restart_after_the_fix_writes_everything_once()
    {
        var writer = new AtomicWriter { Poisoned = { 142 } };
        var job = ChunkJobs.Numbers(new NumberReader(300), writer);

        var failed = await RunAsync(job);

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.ExitStatus.ExitDescription.Should().Contain("Item 142 violates a business rule");
        writer.Written.Should().Equal(Enumerable.Range(1, 100));

        writer.Poisoned.Clear();
        var restarted = await RunAsync(job);

        restarted.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(1, 300));
    }

    [Test]
    public async Task Exceeding_the_skip_limit_fails_the_step_with_a_message_naming_the_limit_and_the_last_cause()
    {
        var reader = new NumberReader(1_000) { Malformed = { 10, 20, 30, 40 } };
        var job = ChunkJobs.Numbers(reader, new AtomicWriter(), faultTolerance: ft => ft.SkipLimit(3));

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        var step = execution.StepExecutions.Single();
        step.Status.Should().Be(BatchStatus.Failed);
        step.FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<SkipLimitExceededException>()
            .Which.InnerException.Should().BeOfType<MalformedItemException>();
        step.ExitStatus.ExitDescription.Should().Contain("skip limit of 3").And.Contain("Line 40 has no amount").And.Contain("line 40");
        step.ReadSkipCount.Should().Be(0, "the chunk holding the skips was rolled back");
    }

    [Test]
    public async Task A_restart_after_skips_neither_skips_again_nor_rewrites_committed_items()
    {
        var reader = new NumberReader(400) { Malformed = { 15, 250 } };
        var writer = new AtomicWriter();
        var skips = new SkipRecorder();
        var failAt = 270;
        var job = ChunkJobs.Numbers(
            reader,
            writer,
            faultTolerance: ft => ft.Listener(skips),
            processor: (item, _) => item == failAt ? throw new InvalidOperationException("disk full") : ValueTask.FromResult(new ItemResult<int>(item)));

        var failed = await RunAsync(job);

        failed.Status.Should().Be(BatchStatus.Failed);
        skips.ReadPositions.Should().Equal(["line 15"], "the skip at line 250 was in the rolled-back chunk and is reported only once it commits");
        failed.StepExecutions.Single().ReadSkipCount.Should().Be(1);

        failAt = 0;
        var restarted = await RunAsync(job);

        restarted.Status.Should().Be(BatchStatus.Completed);
        skips.ReadPositions.Should().Equal("line 15", "line 250");
        restarted.StepExecutions.Single().ReadSkipCount.Should().Be(1);
        writer.Written.Should().Equal(Enumerable.Range(1, 400).Where(i => i is not (15 or 250)));
    }

    [Test]
    public async Task The_skip_limit_counts_the_skips_committed_by_earlier_executions_of_the_instance()
    {
        var reader = new NumberReader(400) { Malformed = { 15, 150, 250 } };
        var failAt = 270;
        var job = ChunkJobs.Numbers(
            reader,
            new AtomicWriter(),
            faultTolerance: ft => ft.SkipLimit(2),
            processor: (item, _) => item == failAt ? throw new InvalidOperationException("disk full") : ValueTask.FromResult(new ItemResult<int>(item)));
        (await RunAsync(job)).Status.Should().Be(BatchStatus.Failed);

        failAt = 0;
        var restarted = await RunAsync(job);

        restarted.Status.Should().Be(BatchStatus.Failed);
        restarted.ExitStatus.ExitDescription.Should().Contain("skip limit of 2").And.Contain("line 250");
    }

    [Test]
    public async Task A_business_error_in_the_processor_skips_the_item_as_a_process_skip()
    {
        var writer = new AtomicWriter();
        var skips = new SkipRecorder();
        var job = ChunkJobs.Numbers(
            new NumberReader(30),
            writer,
            chunkSize: 10,
            faultTolerance: ft => ft.Listener(skips),
            processor: (item, _) => item % 10 == 7 ? throw new PoisonedItemException(item) : ValueTask.FromResult(new ItemResult<int>(item)));

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        var step = execution.StepExecutions.Single();
        step.ProcessSkipCount.Should().Be(3);
        step.ReadCount.Should().Be(30);
        step.WriteCount.Should().Be(27);
        step.RollbackCount.Should().Be(0);
        skips.ProcessSkips.Should().Equal(7, 17, 27);
    }

    [Test]
    public async Task A_system_fault_is_not_skipped_by_default_even_in_a_fault_tolerant_step()
    {
        var reader = new NumberReader(30) { Unparsable = { 5 } };
        var job = ChunkJobs.Numbers(reader, new AtomicWriter(), faultTolerance: ft => ft);

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("'x5' is not a number");
    }

    [Test]
    public async Task NoSkip_overrides_the_classification_and_a_skip_policy_replaces_it()
    {
        var noSkip = ChunkJobs.Numbers(new NumberReader(30) { Malformed = { 5 } }, new AtomicWriter(), faultTolerance: ft => ft.NoSkip<MalformedItemException>(), name: "no-skip");
        var policy = ChunkJobs.Numbers(new NumberReader(30) { Unparsable = { 5 } }, new AtomicWriter(), faultTolerance: ft => ft.SkipPolicy(new SkipEverything()), name: "policy");

        (await Launcher.RunAsync(noSkip, JobParameters.Empty, CancellationToken.None)).Status.Should().Be(BatchStatus.Failed);
        (await Launcher.RunAsync(policy, JobParameters.Empty, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_no_rollback_exception_from_the_writer_commits_the_chunk_as_written()
    {
        var writer = new AtomicWriter { FailNextWith = new InvalidDataException("warning from the target system") };
        var job = ChunkJobs.Numbers(new NumberReader(20), writer, chunkSize: 10, faultTolerance: ft => ft.NoRollback<InvalidDataException>());

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        var step = execution.StepExecutions.Single();
        step.RollbackCount.Should().Be(0);
        step.CommitCount.Should().Be(2);
        step.SkipCount.Should().Be(0);
    }

    [Test]
    public async Task A_write_scan_in_a_database_transaction_commits_the_good_items_once_with_a_savepoint_around_each_item()
    {
        var store = new TransactionalStore();
        var launcher = new JobLauncher(store.Wrap(Repository));
        var job = new Batch.Jobs.JobBuilder("rows")
            .Start(new Batch.Steps.StepBuilder("load").Chunk<int>(10)
                .Reader(new NumberReader(20))
                .Writer(new TransactionalStore.RowWriter(new HashSet<int> { 4, 15 }))
                .FaultTolerant()
                .Build())
            .Build();

        var execution = await launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        store.Rows.Should().Equal(Enumerable.Range(1, 20).Where(i => i is not (4 or 15)), "rows 1-3 written before the failure in the first attempt were rolled back");
        store.SavepointCalls.Where(c => c == "save").Should().HaveCount(20);
        store.SavepointCalls.Where(c => c == "rollback").Should().HaveCount(2);
        store.SavepointCalls.Where(c => c == "release").Should().HaveCount(18);
        var step = execution.StepExecutions.Single();
        step.WriteSkipCount.Should().Be(2);
        step.CommitCount.Should().Be(2);
    }

    private sealed class SkipEverything : Batch.Faults.ISkipPolicy
    {
        public bool ShouldSkip(Exception exception, long skipCount) => true;
    }
}
