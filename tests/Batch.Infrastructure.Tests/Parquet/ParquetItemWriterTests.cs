using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Parquet;
using Batch.Infrastructure.Tests.Support;
using Batch.Items;
using Batch.Items.Composite;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Parquet;

public class ParquetItemWriterTests
{
    private Lake _lake = null!;

    [SetUp]
    public void CreateLake() => _lake = new Lake();

    [TearDown]
    public void RemoveLake() => _lake.Dispose();

    [Test]
    public async Task Rows_written_to_a_partitioned_lake_read_back_equal_in_DuckDB_with_their_partitions()
    {
        var execution = await new JobLauncher(new InMemoryJobRepository())
            .RunAsync(LakeJob.Create(_lake.Root, items: 95, chunkSize: 20), JobParameters.Parse("date=2026-11-22"), CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        var rows = _lake.ReadAll();
        rows.Select(r => r.Row).Should().Equal(Enumerable.Range(1, 95).Select(LakeJob.Row));
        rows.Should().OnlyContain(r => r.Table == "orders" && r.Date == Lake.DateOf(r.Row.Id));
        _lake.Files("*.parquet").Should().HaveCount(10, "5 chunks, each split over 2 date partitions")
            .And.OnlyContain(f => f.StartsWith("table=orders/date=2026-11-2", StringComparison.Ordinal));
        _lake.Files("*.tmp").Should().BeEmpty();
        execution.StepExecutions.Single().ExecutionContext.GetLong("parquet.writer.sequence").Should().Be(10);
    }

    [TestCase("after-write")]
    [TestCase("after-rename")]
    public async Task A_process_killed_with_SIGKILL_in_a_chunk_leaves_after_its_restart_exactly_the_committed_rows(string killWhen)
    {
        var provider = new Provider("sqlite", Path.Combine(_lake.Root, "..", Path.GetFileName(_lake.Root) + ".db"));
        try
        {
            var killed = await CrashHostProcess.RunAsync(
                "lake", provider, "lake=" + _lake.Root, "items=100", "chunk=10", "kill-chunk=4", "kill-when=" + killWhen);
            var leftByTheCrash = killWhen == "after-write" ? _lake.Files(".*.tmp").Length : _lake.ReadAll().Count;
            await MarkDeadExecutionsFailedAsync(provider);
            var restarted = await CrashHostProcess.RunAsync("lake", provider, "lake=" + _lake.Root, "items=100", "chunk=10");

            killed.ExitCode.Should().Be(CrashHostProcess.Killed, killed.Output);
            killed.Output.Should().Contain("killing");
            if (killWhen == "after-write")
            {
                leftByTheCrash.Should().Be(2, "the fourth chunk's two part files were written under their temporary names");
            }
            else
            {
                leftByTheCrash.Should().Be(40, "the fourth chunk's files were renamed, but the chunk never committed");
            }

            restarted.ExitCode.Should().Be(0, restarted.Output);
            _lake.ReadAll().Select(r => r.Row).Should().Equal(Enumerable.Range(1, 100).Select(LakeJob.Row));
            _lake.Files("*.tmp").Should().BeEmpty();
            _lake.Files("*.parquet").Should().HaveCount(20);
        }
        finally
        {
            File.Delete(provider.ConnectionString);
        }
    }

    [Test]
    public async Task A_chunk_rolled_back_and_retried_replaces_its_part_files_instead_of_adding_to_them()
    {
        var flaky = new FailOnceWriter(chunk: 2);
        var step = new StepBuilder("export").Chunk<LakeRow>(10)
            .Reader(new ListItemReader<LakeRow>([.. Enumerable.Range(1, 30).Select(LakeJob.Row)]))
            .Writer(ctx => new CompositeItemWriter<LakeRow>(
                new ParquetItemWriter<LakeRow>(ctx, new ParquetItemWriterOptions<LakeRow> { RootDirectory = _lake.Root, Partitions = { ParquetPartition<LakeRow>.Fixed("table", "orders"), ParquetPartition<LakeRow>.Fixed("date", "2026-11-22") } }),
                flaky))
            .FaultTolerant().Retry<TimeoutException>().RetryLimit(3)
            .Build();

        var execution = await new JobLauncher(new InMemoryJobRepository())
            .RunAsync(new JobBuilder("lake-retry").Start(step).Build(), JobParameters.Parse("date=2026-11-22"), CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        flaky.Failed.Should().BeTrue();
        _lake.ReadAll().Select(r => r.Row.Id).Should().Equal(Enumerable.Range(1, 30));
        _lake.Files("*.parquet").Should().HaveCount(3);
        _lake.Files("*.tmp").Should().BeEmpty();
    }

    [Test]
    public async Task A_failure_between_the_write_and_the_commit_in_process_is_undone_by_the_restart()
    {
        var repository = new InMemoryJobRepository();
        var parameters = JobParameters.Parse("date=2026-11-22");
        var failing = await new JobLauncher(repository).RunAsync(WithFailingCommit(), parameters, CancellationToken.None);
        var rowsAfterFailure = _lake.ReadAll().Count;
        var restarted = await new JobLauncher(repository).RunAsync(LakeJob.Create(_lake.Root, 50, 10), parameters, CancellationToken.None);

        failing.Status.Should().Be(BatchStatus.Failed);
        rowsAfterFailure.Should().Be(30, "the third chunk's files were renamed before the commit failed");
        restarted.Status.Should().Be(BatchStatus.Completed);
        _lake.ReadAll().Select(r => r.Row.Id).Should().Equal(Enumerable.Range(1, 50));

        IJob WithFailingCommit()
        {
            var step = new StepBuilder("export").Chunk<LakeRow>(10)
                .Reader(new ListItemReader<LakeRow>([.. Enumerable.Range(1, 50).Select(LakeJob.Row)]))
                .Writer(ctx => new ParquetItemWriter<LakeRow>(ctx, new ParquetItemWriterOptions<LakeRow>
                {
                    RootDirectory = _lake.Root,
                    Partitions = { ParquetPartition<LakeRow>.Fixed("table", "orders"), ParquetPartition<LakeRow>.Fixed("date", "2026-11-22") },
                }))
                .Stream(new FailingUpdate(3))
                .Build();
            return new JobBuilder(LakeJob.JobName).Start(step).Build();
        }
    }

    [Test]
    public void A_relative_root_is_refused_with_a_message_naming_it()
    {
        var options = new ParquetItemWriterOptions<LakeRow> { RootDirectory = "lake/relative" };

        var act = () => new ParquetItemWriter<LakeRow>(null!, options);

        act.Should().Throw<ArgumentException>().WithMessage("*absolute*lake/relative*");
    }

    [TestCase("2026/11/22", "date=2026%2F11%2F22")]
    [TestCase("a=b", "date=a%3Db")]
    [TestCase("..", "date=%2E%2E")]
    [TestCase("", "date=__HIVE_DEFAULT_PARTITION__")]
    [TestCase("2026-11-22", "date=2026-11-22")]
    public void Partition_values_are_escaped_the_way_Hive_does_so_they_cannot_leave_the_lake(string value, string folder)
    {
        ParquetPartition<LakeRow>.Segment("date", value).Should().Be(folder);
    }

    /// <summary>What an operator does after a crash: the execution left STARTED by the dead process is marked FAILED, so it can restart.</summary>
    private static async Task MarkDeadExecutionsFailedAsync(Provider provider)
    {
        await using var repository = provider.CreateRepository();
        var jobOperator = new JobOperator(new JobRegistry(), new JobLauncher(repository), repository);
        foreach (var dead in await repository.GetRunningJobExecutionsAsync(LakeJob.JobName, CancellationToken.None))
        {
            await jobOperator.MarkEndedAsync(dead.Id, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);
        }
    }

    private sealed class FailOnceWriter(int chunk) : IItemWriter<LakeRow>
    {
        private int _calls;

        public bool Failed { get; private set; }

        public ValueTask WriteAsync(Chunk<LakeRow> items, CancellationToken cancellationToken)
        {
            if (++_calls == chunk)
            {
                Failed = true;
                throw new TimeoutException("the downstream writer timed out");
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class FailingUpdate(int chunk) : IItemStream
    {
        private int _updates;

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
            ++_updates == chunk ? throw new IOException("the disk of the checkpoint is full") : ValueTask.CompletedTask;

        public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
