using Batch.Infrastructure.Database;
using Batch.Infrastructure.Tests.Support;
using Batch.Items;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>The EF Core keyset reader over two keys on SQLite and PostgreSQL: the order of a key that is not unique, pages that end between equal keys, and a restart by the last committed pair.</summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class EntityFrameworkCompositeKeysetItemReaderTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    [Test]
    public async Task Rows_are_read_once_in_the_order_of_the_first_key_then_the_second_across_pages_that_end_between_equal_keys()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 20).Select(i => Order.Of(i, amount: i % 4)));
        await using var db = new OrderContext(OrderTable.ContextOptions(provider, withConnection: true), "source");
        var written = new ListItemWriter<Order>();
        var job = new OrderJob(
            () => new EntityFrameworkCompositeKeysetItemReader<Order, long, long>(db.Orders.Where(o => o.Id != 13), o => o.Amount, o => o.Id, pageSize: 3),
            () => written,
            chunkSize: 4);

        var execution = await job.RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        written.Written.Select(o => o.Id).Should().Equal(
            Enumerable.Range(1, 20).Where(i => i != 13).OrderBy(i => i % 4).ThenBy(i => i).Select(i => (long)i));
    }

    [Test]
    public async Task A_restart_resumes_after_the_last_committed_pair_even_when_rows_were_inserted_before_it_meanwhile()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 12).Select(i => Order.Of(i * 10, amount: i % 3)));
        await using var db = new OrderContext(OrderTable.ContextOptions(provider, withConnection: true), "source");
        var job = new OrderJob(
            () => new EntityFrameworkCompositeKeysetItemReader<Order, long, long>(db.Orders, o => o.Amount, o => o.Id, pageSize: 2, name: "orders.reader"),
            () => OrderTable.BatchWriter("target"),
            chunkSize: 3)
        {
            // order (amount, id): 30 60 90 | 120 10 40 | 70 100 20 | …: the first two chunks commit, the third fails.
            FailAt = 100,
        };

        var failed = await job.RunAsync(repository);
        failed.Status.Should().Be(BatchStatus.Failed);
        var context = failed.StepExecutions.Single().ExecutionContext;
        (context.Get<long>("orders.reader.lastKey"), context.Get<long>("orders.reader.lastThenKey")).Should().Be((1L, 40L));
        await OrderTable.InsertAsync(provider, "source", [Order.Of(35, amount: 1), Order.Of(45, amount: 1)]);
        var before = job.Processed.Count;
        var restarted = await job.RunAsync(repository);

        restarted.Status.Should().Be(BatchStatus.Completed, restarted.ExitStatus.ExitDescription);
        job.Processed.Skip(before).Should().StartWith([45, 70, 100]);
        (await OrderTable.ReadAsync(provider, "target")).Select(r => r.Id).Should().Equal(Enumerable.Range(1, 12).Select(i => i * 10L).Append(45).Order());
    }
}
