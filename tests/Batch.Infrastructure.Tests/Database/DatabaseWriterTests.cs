using Batch.Infrastructure.Database;
using Batch.Infrastructure.Tests.Support;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>
/// The database writers on SQLite and PostgreSQL, each in the chunk's transaction: round trips, the same table from every
/// writer, a restart after a failed chunk, upserts, and ignore-duplicates counted once per committed chunk.
/// </summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class DatabaseWriterTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private static readonly bool OnPostgres = typeof(TBackend) == typeof(PostgresBackend);

    /// <summary>The writers of this database: COPY only on PostgreSQL.</summary>
    public static IEnumerable<string> Writers() => OnPostgres ? ["batch", "ef", "copy"] : ["batch", "ef"];

    /// <summary>The writers that can skip duplicates or upsert.</summary>
    public static IEnumerable<string> ConflictWriters() => OnPostgres ? ["batch", "copy"] : ["batch"];

    [TestCaseSource(nameof(Writers))]
    public async Task A_restart_after_a_failed_chunk_writes_the_rest_and_every_row_is_in_the_table_once(string writer)
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        var input = Enumerable.Range(1, 23).Select(i => Order.Of(i)).ToList();
        var job = new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => Writer(writer, provider, "target"), chunkSize: 5) { FailAt = 13 };

        var failed = await job.RunAsync(repository);

        failed.Status.Should().Be(BatchStatus.Failed);
        (await OrderTable.ReadAsync(provider, "target")).Select(r => r.Id).Should().Equal(Enumerable.Range(1, 10).Select(i => (long)i), "two chunks committed");

        var restarted = await job.RunAsync(repository);

        restarted.Status.Should().Be(BatchStatus.Completed, restarted.ExitStatus.ExitDescription);
        restarted.StepExecutions.Single().WriteCount.Should().Be(13);
        (await OrderTable.ReadAsync(provider, "target")).Should().Equal(input.Select(o => o.AsTuple()));
    }

    [Test]
    public async Task The_copy_batched_and_EF_Core_writers_produce_the_same_table_from_the_same_input()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        var input = Enumerable.Range(1, 1234)
            .Select(i => Order.Of(i * 7L, i % 5 == 0 ? string.Empty : i % 3 == 0 ? $"O'Brien \"{i}\" ; -- 東京 🚀" : null, i % 11 == 0 ? -i : i * 1_000_000_007L))
            .ToList();
        var tables = new List<List<(long, string, long)>>();
        foreach (var writer in Writers())
        {
            var table = "same_" + writer;
            await OrderTable.CreateAsync(provider, table);
            var execution = await new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => Writer(writer, provider, table), chunkSize: 100)
                .RunAsync(repository, new JobParametersBuilder().AddString("writer", writer).Build());
            execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
            tables.Add(await OrderTable.ReadAsync(provider, table));
        }

        tables[0].Should().Equal(input.Select(o => o.AsTuple()));
        foreach (var table in tables.Skip(1))
        {
            table.Should().Equal(tables[0]);
        }
    }

    [TestCaseSource(nameof(ConflictWriters))]
    public async Task Ignore_duplicates_skips_rows_whose_key_exists_and_counts_them_once_across_a_restart(string writer)
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "target", [Order.Of(3, "old"), Order.Of(7, "old"), Order.Of(12, "old")]);
        var input = Enumerable.Range(1, 15).Select(i => Order.Of(i)).Append(Order.Of(14, "again")).ToList();
        var logs = new LogRecorder();
        var job = new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => Writer(writer, provider, "target", DuplicateKeyMode.Ignore, logs), chunkSize: 5)
        {
            FailAt = 11, // chunks 1-5 (3 ignored) and 6-10 (7 ignored) commit, 11-15 fails
        };

        var failed = await job.RunAsync(repository);
        failed.Status.Should().Be(BatchStatus.Failed);
        DuplicateKeyCounts.Ignored(failed.StepExecutions.Single(), "orders.writer").Should().Be(2);
        var restarted = await job.RunAsync(repository);

        restarted.Status.Should().Be(BatchStatus.Completed, restarted.ExitStatus.ExitDescription);
        var step = restarted.StepExecutions.Single();
        DuplicateKeyCounts.Ignored(step, "orders.writer").Should().Be(4, "3, 7 and 12 were in the table, and 14 came twice");
        step.Counters.Should().Contain("orders.writer.ignoredDuplicates", 4, "the count is one of the step's counters, which show and the dashboard print");
        var rows = await OrderTable.ReadAsync(provider, "target");
        rows.Select(r => r.Id).Should().Equal(Enumerable.Range(1, 15).Select(i => (long)i));
        rows.Where(r => r.Name == "old").Select(r => r.Id).Should().Equal(3, 7, 12);
        rows.Single(r => r.Id == 14).Name.Should().Be("order 14");
        logs.Messages.Should().Contain(m => m.Contains("Writer 'orders.writer': 1 rows of this chunk already had their key in target and were ignored", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("4 rows in all were ignored as duplicates", StringComparison.Ordinal));
        logs.Entries.Where(e => e.Message.Contains("ignored", StringComparison.Ordinal)).Should().OnlyContain(e => e.Level == LogLevel.Warning, "a warning by default");
    }

    [TestCaseSource(nameof(ConflictWriters))]
    public async Task Ignored_duplicates_are_logged_at_the_level_the_writer_is_given_and_counted_the_same(string writer)
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "target", [Order.Of(2, "old")]);
        var logs = new LogRecorder();
        var execution = await new OrderJob(
            () => new ListItemReader<Order>([.. Enumerable.Range(1, 4).Select(i => Order.Of(i))], "orders"),
            () => Writer(writer, provider, "target", DuplicateKeyMode.Ignore, logs, LogLevel.Information), chunkSize: 2).RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        DuplicateKeyCounts.Ignored(execution.StepExecutions.Single(), "orders.writer").Should().Be(1);
        var lines = logs.Entries.Where(e => e.Message.Contains("ignored", StringComparison.Ordinal)).ToList();
        lines.Should().HaveCount(2, "one line for the chunk that ignored a row, one for the step's total");
        lines.Should().OnlyContain(e => e.Level == LogLevel.Information);
    }

    [TestCaseSource(nameof(ConflictWriters))]
    public async Task Upsert_updates_the_rows_whose_key_exists_and_inserts_the_others(string writer)
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "target", [Order.Of(2, "old", 1), Order.Of(4, "old", 1)]);
        var input = Enumerable.Range(1, 5).Select(i => Order.Of(i, "new")).ToList();

        var execution = await new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => Writer(writer, provider, "target", DuplicateKeyMode.Update), chunkSize: 2).RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        (await OrderTable.ReadAsync(provider, "target")).Should().Equal(input.Select(o => o.AsTuple()));
    }

    [TestCaseSource(nameof(ConflictWriters))]
    public async Task An_upsert_of_one_key_twice_in_a_chunk_keeps_its_last_row_as_one_insert_after_the_other_would(string writer)
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "target", [Order.Of(2, "old")]);
        Order[] input = [Order.Of(2, "second", 1), Order.Of(1, "first"), Order.Of(2, "third", 2), Order.Of(3, "x"), Order.Of(2, "last", 3), Order.Of(3, "y")];

        var execution = await new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => Writer(writer, provider, "target", DuplicateKeyMode.Update), chunkSize: 10).RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        (await OrderTable.ReadAsync(provider, "target")).Should().Equal((1L, "first", 10L), (2L, "last", 3L), (3L, "y", 30L));
    }

    [TestCaseSource(nameof(ConflictWriters))]
    public async Task Ignoring_duplicates_of_one_key_twice_in_a_chunk_keeps_its_first_row_and_counts_the_others(string writer)
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        Order[] input = [Order.Of(5, "first"), Order.Of(1), Order.Of(5, "second"), Order.Of(5, "third"), Order.Of(2)];

        var execution = await new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => Writer(writer, provider, "target", DuplicateKeyMode.Ignore), chunkSize: 10).RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        DuplicateKeyCounts.Ignored(execution.StepExecutions.Single(), "orders.writer").Should().Be(2);
        (await OrderTable.ReadAsync(provider, "target")).Select(r => (r.Id, r.Name)).Should().Equal((1, "order 1"), (2, "order 2"), (5, "first"));
    }

    [TestCaseSource(nameof(Writers))]
    public async Task Without_a_duplicate_mode_a_duplicate_key_fails_the_chunk_and_nothing_of_it_is_kept(string writer)
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "target", [Order.Of(4, "old")]);
        var input = Enumerable.Range(1, 6).Select(i => Order.Of(i)).ToList();

        var execution = await new OrderJob(() => new ListItemReader<Order>(input, "orders"), () => Writer(writer, provider, "target"), chunkSize: 3).RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Failed);
        (await OrderTable.ReadAsync(provider, "target")).Select(r => (r.Id, r.Name)).Should().Equal((1, "order 1"), (2, "order 2"), (3, "order 3"), (4, "old"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_chunk_written_again_after_a_rollback_counts_its_ignored_duplicates_once(bool transient)
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "target", [Order.Of(2, "old"), Order.Of(5, "old")]);
        var input = Enumerable.Range(1, 6).Select(i => Order.Of(i)).ToList();
        // The first attempt at the first chunk writes, then fails: a transient fault is retried whole, a business error is
        // scanned item by item (each in a savepoint). Either way the chunk commits once and its duplicate is counted once.
        var writer = new FailingOnceAfterWrite(OrderTable.BatchWriter("target", DuplicateKeyMode.Ignore), transient);
        var step = new StepBuilder("load").Chunk<Order, Order>(3).Reader(new ListItemReader<Order>(input, "orders")).Writer(writer).FaultTolerant().Build();

        var execution = await new JobLauncher(repository).RunAsync(new JobBuilder("orders").Start(step).Build(), JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        DuplicateKeyCounts.Ignored(execution.StepExecutions.Single(), "orders.writer").Should().Be(2);
        (await OrderTable.ReadAsync(provider, "target")).Select(r => r.Id).Should().Equal(1, 2, 3, 4, 5, 6);
    }

    private static IItemWriter<Order> Writer(
        string kind, Batch.Infrastructure.CrashHost.Provider provider, string table, DuplicateKeyMode mode = DuplicateKeyMode.Fail, LogRecorder? logs = null,
        LogLevel duplicatesLevel = LogLevel.Warning) =>
        kind switch
        {
            "batch" => OrderTable.BatchWriter(table, mode, logs, duplicatesLevel),
            "copy" => OrderTable.CopyWriter(table, mode, logs, duplicatesLevel),
            "ef" when mode == DuplicateKeyMode.Fail => OrderTable.EntityFrameworkWriter(provider, table),
            _ => throw new ArgumentException($"No writer '{kind}' with {mode}."),
        };

    /// <summary>Writes through another writer (and forwards its stream calls), but throws after the first write.</summary>
    private sealed class FailingOnceAfterWrite(DbBatchItemWriter<Order> inner, bool transient) : IItemWriter<Order>, IItemStream
    {
        private bool _failed;

        public async ValueTask WriteAsync(Chunk<Order> chunk, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(chunk, cancellationToken);
            if (!_failed)
            {
                _failed = true;
                throw transient ? new TimeoutException("a transient fault after the write") : new MalformedItemException("a business error after the write", null);
            }
        }

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => inner.OpenAsync(executionContext, cancellationToken);

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => inner.UpdateAsync(executionContext, cancellationToken);

        public ValueTask CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);
    }
}
