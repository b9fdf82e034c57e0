using System.Globalization;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Parquet;
using Batch.Infrastructure.Tests.Support;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Parquet;

/// <summary>
/// <see cref="ParquetWriteMode.OverwritePartitions"/>: a date run again as a new job instance replaces what the earlier instance
/// wrote in the partitions it writes, exactly once across failures and restarts of the overwriting instance.
/// </summary>
public class ParquetOverwriteTests
{
    private const string JobName = "lake-overwrite";

    private Lake _lake = null!;

    [SetUp]
    public void CreateLake() => _lake = new Lake();

    [TearDown]
    public void RemoveLake() => _lake.Dispose();

    [Test]
    public async Task A_second_instance_replaces_the_rows_of_the_partitions_it_writes_and_leaves_the_others()
    {
        var repository = new InMemoryJobRepository();
        var first = await RunAsync(repository, Job(first: 1, items: 40), "date=2026-11-21&run=1");
        var second = await RunAsync(repository, Job(first: 101, items: 30), "date=2026-11-22&run=2");

        first.Status.Should().Be(BatchStatus.Completed);
        second.Status.Should().Be(BatchStatus.Completed);
        var rows = _lake.ReadAll();
        Ids(rows, "2026-11-21").Should().Equal(Evens(1, 40), "the second run does not write 2026-11-21: the first run's rows stay");
        Ids(rows, "2026-11-22").Should().Equal(Evens(101, 130), "the first run's odd rows in 2026-11-22 are replaced by the second run's even ones");
        Ids(rows, "2026-11-23").Should().Equal(Odds(101, 130));
        _lake.Files(".*").Should().BeEmpty("no temporary or moved-aside file is left");
    }

    [Test]
    public async Task Append_mode_keeps_the_earlier_instance_rows_beside_the_new_ones()
    {
        var repository = new InMemoryJobRepository();
        await RunAsync(repository, Job(first: 1, items: 40, mode: ParquetWriteMode.Append), "date=2026-11-21&run=1");
        await RunAsync(repository, Job(first: 101, items: 30, mode: ParquetWriteMode.Append), "date=2026-11-22&run=2");

        Ids(_lake.ReadAll(), "2026-11-22").Should().Equal([.. Odds(1, 40), .. Evens(101, 130)]);
    }

    [Test]
    public async Task A_run_that_writes_nothing_to_a_partition_does_not_empty_it()
    {
        var repository = new InMemoryJobRepository();
        await RunAsync(repository, Job(first: 1, items: 40), "date=2026-11-21&run=1");
        var empty = await RunAsync(repository, Job(first: 1, items: 0), "date=2026-11-21&run=2");

        empty.Status.Should().Be(BatchStatus.Completed);
        _lake.ReadAll().Select(r => r.Row.Id).Should().Equal(Enumerable.Range(1, 40));
    }

    [Test]
    public async Task A_checkpoint_that_fails_after_moving_the_old_files_aside_keeps_them_until_a_restart_puts_them_back()
    {
        var repository = new InMemoryJobRepository();
        await RunAsync(repository, Job(first: 1, items: 40), "date=2026-11-22&run=1");
        var failing = await RunAsync(repository, Job(first: 101, items: 30, stream: new FailingUpdate(1)), "date=2026-11-22&run=2");
        var hiddenAfterFailure = _lake.Files(".replaced-*.aside").Length;
        var visibleAfterFailure = _lake.ReadAll().Select(r => r.Row.Id).ToList();
        var failingAgain = await RunAsync(repository, Job(first: 101, items: 30, processor: new FailingProcessor(failAt: 101)), "date=2026-11-22&run=2");
        var visibleAfterSecondFailure = _lake.ReadAll().Select(r => r.Row.Id).ToList();
        var restarted = await RunAsync(repository, Job(first: 101, items: 30), "date=2026-11-22&run=2");

        failing.Status.Should().Be(BatchStatus.Failed);
        hiddenAfterFailure.Should().Be(8, "the first chunk touched both partitions, which held four files each (4 chunks of the first run)");
        visibleAfterFailure.Should().Equal(Enumerable.Range(101, 10), "the first chunk's parts were renamed before its checkpoint failed");
        failingAgain.Status.Should().Be(BatchStatus.Failed);
        visibleAfterSecondFailure.Should().Equal(Enumerable.Range(1, 40), "the restart put the first run's files back and removed the uncommitted parts before failing at its first item");
        restarted.Status.Should().Be(BatchStatus.Completed);
        _lake.ReadAll().Select(r => r.Row.Id).Should().Equal(Enumerable.Range(101, 30));
        _lake.Files(".*").Should().BeEmpty();
    }

    [Test]
    public async Task A_restart_after_the_replacing_chunk_committed_keeps_its_parts_and_does_not_bring_the_old_rows_back()
    {
        var repository = new InMemoryJobRepository();
        await RunAsync(repository, Job(first: 1, items: 40), "date=2026-11-22&run=1");
        var failAt = new FailingProcessor(failAt: 125);
        var failing = await RunAsync(repository, Job(first: 101, items: 30, processor: failAt), "date=2026-11-22&run=2");
        var afterFailure = _lake.ReadAll().Select(r => r.Row.Id).ToList();
        var restarted = await RunAsync(repository, Job(first: 101, items: 30, processor: failAt), "date=2026-11-22&run=2");

        failing.Status.Should().Be(BatchStatus.Failed);
        afterFailure.Should().Equal(Enumerable.Range(101, 20), "two chunks committed; the old files went when the first of them committed");
        restarted.Status.Should().Be(BatchStatus.Completed);
        _lake.ReadAll().Select(r => r.Row.Id).Should().Equal(Enumerable.Range(101, 30), "the restart keeps the committed parts and writes the rest once");
        _lake.Files(".*").Should().BeEmpty();
    }

    [Test]
    public async Task A_restart_after_a_failure_in_the_first_chunk_write_replaces_the_old_files_once()
    {
        var repository = new InMemoryJobRepository();
        await RunAsync(repository, Job(first: 1, items: 40), "date=2026-11-22&run=1");
        var failAt = new FailingProcessor(failAt: 105);
        var failing = await RunAsync(repository, Job(first: 101, items: 30, processor: failAt), "date=2026-11-22&run=2");
        var afterFailure = _lake.ReadAll().Select(r => r.Row.Id).ToList();
        var restarted = await RunAsync(repository, Job(first: 101, items: 30, processor: failAt), "date=2026-11-22&run=2");

        failing.Status.Should().Be(BatchStatus.Failed);
        afterFailure.Should().Equal(Enumerable.Range(1, 40), "nothing of the second run committed: the first run's rows are untouched");
        restarted.Status.Should().Be(BatchStatus.Completed);
        _lake.ReadAll().Select(r => r.Row.Id).Should().Equal(Enumerable.Range(101, 30));
    }

    [Test]
    public async Task A_partition_folder_that_links_outside_the_lake_is_refused_and_nothing_outside_is_touched()
    {
        var outside = _lake.Root + "-outside";
        Directory.CreateDirectory(outside);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(outside, "old.parquet"), "not the lake's");
            Directory.CreateDirectory(Path.Combine(_lake.Root, "table=orders"));
            Directory.CreateSymbolicLink(Path.Combine(_lake.Root, "table=orders", "date=2026-11-22"), outside);

            var execution = await RunAsync(new InMemoryJobRepository(), Job(first: 1, items: 10), "date=2026-11-22&run=1");

            execution.Status.Should().Be(BatchStatus.Failed);
            execution.StepExecutions.SelectMany(s => s.FailureExceptions).Select(e => e.Message)
                .Should().Contain(m => m.Contains("not inside the lake folder", StringComparison.Ordinal) && m.Contains("date=2026-11-22", StringComparison.Ordinal));
            Directory.GetFiles(outside).Select(Path.GetFileName).Should().Equal("old.parquet");
            (await File.ReadAllTextAsync(Path.Combine(outside, "old.parquet"))).Should().Be("not the lake's");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [TestCase(1, "after-rename", 8, 10)]
    [TestCase(2, "after-write", 8, 10)]
    [TestCase(3, "after-rename", 0, 30)]
    public async Task A_process_killed_with_SIGKILL_while_overwriting_leaves_after_its_restart_only_the_second_run_rows(
        int killChunk, string killWhen, int asideAfterKill, int visibleAfterKill)
    {
        var provider = new Provider("sqlite", Path.Combine(_lake.Root, "..", Path.GetFileName(_lake.Root) + ".db"));
        try
        {
            string[] common = ["lake=" + _lake.Root, "chunk=10", "mode=overwrite"];
            var firstRun = await CrashHostProcess.RunAsync("lake", provider, [.. common, "items=40", "run=1"]);
            var killed = await CrashHostProcess.RunAsync(
                "lake", provider, [.. common, "items=30", "first=101", "run=2", "kill-chunk=" + killChunk, "kill-when=" + killWhen]);
            var aside = _lake.Files(".replaced-*.aside").Length;
            var visible = _lake.ReadAll().Count;
            await MarkDeadExecutionsFailedAsync(provider);
            var restarted = await CrashHostProcess.RunAsync("lake", provider, [.. common, "items=30", "first=101", "run=2"]);

            firstRun.ExitCode.Should().Be(0, firstRun.Output);
            killed.ExitCode.Should().Be(CrashHostProcess.Killed, killed.Output);
            aside.Should().Be(asideAfterKill, "the first run's 8 files are hidden from the first chunk's checkpoint until the chunk after the one that committed them");
            visible.Should().Be(visibleAfterKill);
            restarted.ExitCode.Should().Be(0, restarted.Output);
            _lake.ReadAll().Select(r => r.Row).Should().Equal(Enumerable.Range(101, 30).Select(LakeJob.Row));
            _lake.Files(".*").Should().BeEmpty();
        }
        finally
        {
            File.Delete(provider.ConnectionString);
        }
    }

    private static Task<JobExecution> RunAsync(IJobRepository repository, SimpleJob job, string parameters) =>
        new JobLauncher(repository).RunAsync(job, JobParameters.Parse(parameters), CancellationToken.None);

    /// <summary>The shape of the crash host's lake job: even ids on the job's date, odd ones on the day after.</summary>
    private SimpleJob Job(int first, int items, ParquetWriteMode mode = ParquetWriteMode.OverwritePartitions, IItemStream? stream = null, FailingProcessor? processor = null)
    {
        var builder = new StepBuilder("export").Chunk<LakeRow>(10)
            .Reader(new ListItemReader<LakeRow>([.. Enumerable.Range(first, items).Select(LakeJob.Row)]))
            .Writer(ctx =>
            {
                var date = DateOnly.ParseExact(ctx.JobParameters.GetString("date")!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return new ParquetItemWriter<LakeRow>(ctx, new ParquetItemWriterOptions<LakeRow>
                {
                    RootDirectory = _lake.Root,
                    Mode = mode,
                    Partitions =
                    {
                        ParquetPartition<LakeRow>.Fixed("table", "orders"),
                        ParquetPartition<LakeRow>.Of("date", r => (r.Id % 2 == 0 ? date : date.AddDays(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    },
                });
            });
        if (processor is not null)
        {
            builder.Processor(processor);
        }

        if (stream is not null)
        {
            builder.Stream(stream);
        }

        return new JobBuilder(JobName).Start(builder.Build()).Build();
    }

    private static List<int> Ids(List<(LakeRow Row, string Table, string Date)> rows, string date) =>
        [.. rows.Where(r => r.Date == date).Select(r => r.Row.Id)];

    private static IEnumerable<int> Evens(int from, int to) => Enumerable.Range(from, to - from + 1).Where(i => i % 2 == 0);

    private static IEnumerable<int> Odds(int from, int to) => Enumerable.Range(from, to - from + 1).Where(i => i % 2 != 0);

    private static async Task MarkDeadExecutionsFailedAsync(Provider provider)
    {
        await using var repository = provider.CreateRepository();
        var jobOperator = new JobOperator(new JobRegistry(), new JobLauncher(repository), repository);
        foreach (var dead in await repository.GetRunningJobExecutionsAsync(LakeJob.JobName, CancellationToken.None))
        {
            await jobOperator.MarkEndedAsync(dead.Id, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);
        }
    }

    /// <summary>Fails once, at the item with the given id (the restart then passes it).</summary>
    private sealed class FailingProcessor(int failAt) : IItemProcessor<LakeRow, LakeRow>
    {
        private bool _failed;

        public ValueTask<ItemResult<LakeRow>> ProcessAsync(LakeRow item, CancellationToken cancellationToken)
        {
            if (item.Id == failAt && !_failed)
            {
                _failed = true;
                throw new InvalidOperationException($"failing on purpose at {failAt}");
            }

            return ValueTask.FromResult<ItemResult<LakeRow>>(item);
        }
    }

    /// <summary>A stream updated after the writer: its checkpoint fails in the given chunk, after the writer renamed its parts.</summary>
    private sealed class FailingUpdate(int chunk) : IItemStream
    {
        private int _updates;

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
            ++_updates == chunk ? throw new IOException("the disk of the checkpoint is full") : ValueTask.CompletedTask;

        public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
