using Batch.Infrastructure.Database;
using Batch.Infrastructure.Tests.Support;
using Batch.Items;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>The EF Core keyset reader on SQLite and PostgreSQL: a round trip, and a restart by the last committed key.</summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class EntityFrameworkKeysetItemReaderTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    [Test]
    public async Task A_filtered_query_is_read_once_in_key_order_in_pages()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 40).Reverse().Select(i => Order.Of(i, i % 2 == 0 ? "even" : "odd")));
        await using var db = new OrderContext(OrderTable.ContextOptions(provider, withConnection: true), "source");
        var written = new ListItemWriter<Order>();
        var job = new OrderJob(() => new EntityFrameworkKeysetItemReader<Order, long>(db.Orders.Where(o => o.Name == "even"), o => o.Id, pageSize: 6), () => written, chunkSize: 4);

        var execution = await job.RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        written.Written.Select(o => o.Id).Should().Equal(Enumerable.Range(1, 20).Select(i => i * 2L));
        db.ChangeTracker.Entries().Should().BeEmpty("the reader does not track");
    }

    [Test]
    public async Task A_restart_resumes_after_the_last_committed_key_even_when_rows_were_inserted_before_it_meanwhile()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 20).Select(i => Order.Of(i * 10)));
        await using var db = new OrderContext(OrderTable.ContextOptions(provider, withConnection: true), "source");
        var job = new OrderJob(
            () => new EntityFrameworkKeysetItemReader<Order, long>(db.Orders, o => o.Id, pageSize: 3, name: "orders.reader"),
            () => OrderTable.BatchWriter("target"),
            chunkSize: 4)
        {
            FailAt = 100, // chunks 10-40 and 50-80 commit; 90-120 fails
        };

        var failed = await job.RunAsync(repository);
        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().ExecutionContext.Get<long>("orders.reader.lastKey").Should().Be(80);
        await OrderTable.InsertAsync(provider, "source", [Order.Of(75), Order.Of(85)]);
        var before = job.Processed.Count;
        var restarted = await job.RunAsync(repository);

        restarted.Status.Should().Be(BatchStatus.Completed, restarted.ExitStatus.ExitDescription);
        job.Processed.Skip(before).Should().StartWith([85, 90, 100]);
        (await OrderTable.ReadAsync(provider, "target")).Select(r => r.Id).Should().Equal(Enumerable.Range(1, 20).Select(i => i * 10L).Append(85).Order());
    }

    [Test]
    public async Task Text_keys_page_in_the_database_order()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        var names = Enumerable.Range(1, 15).Select(i => $"n{i:D3}").ToList();
        await OrderTable.InsertAsync(provider, "source", names.Select((n, i) => Order.Of(100 - i, n)));
        await using var db = new OrderContext(OrderTable.ContextOptions(provider, withConnection: true), "source");
        var written = new ListItemWriter<Order>();

        var execution = await new OrderJob(() => new EntityFrameworkKeysetItemReader<Order, string>(db.Orders, o => o.Name, pageSize: 4), () => written, chunkSize: 5).RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        written.Written.Select(o => o.Name).Should().Equal(names);
    }
}
