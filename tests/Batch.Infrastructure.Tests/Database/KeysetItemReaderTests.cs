using Batch.Infrastructure.Database;
using Batch.Infrastructure.Tests.Support;
using Batch.Items;
using Npgsql;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>The keyset reader on SQLite and PostgreSQL: order, paging, restart by the last committed key, bound parameters, errors.</summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class KeysetItemReaderTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    [Test]
    public async Task Every_row_is_read_once_in_key_order_across_pages_that_do_not_match_the_chunks()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 25).Reverse().Select(i => Order.Of(i * 3)));
        var written = new ListItemWriter<Order>();
        await using var dataSource = OrderTable.DataSource(provider);
        var job = new OrderJob(() => OrderTable.KeysetReader(dataSource, "source", pageSize: 7), () => written, chunkSize: 5);

        var execution = await job.RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        written.Written.Select(o => o.AsTuple()).Should().Equal(Enumerable.Range(1, 25).Select(i => Order.Of(i * 3).AsTuple()));
        execution.StepExecutions.Single().ReadCount.Should().Be(25);
    }

    [Test]
    public async Task A_restart_resumes_after_the_last_committed_key_even_when_rows_were_inserted_before_it_meanwhile()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.CreateAsync(provider, "target");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 30).Select(i => Order.Of(i * 10)));
        await using var dataSource = OrderTable.DataSource(provider);
        var job = new OrderJob(() => OrderTable.KeysetReader(dataSource, "source", pageSize: 4), () => OrderTable.BatchWriter("target"), chunkSize: 5)
        {
            FailAt = 130, // chunks 10-50 and 60-100 commit; the chunk of 110-150 fails
        };

        var failed = await job.RunAsync(repository);
        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().ExecutionContext.Get<long>("orders.reader.lastKey.id").Should().Be(100);

        // Meanwhile: a row before the committed key (not read: keyset order), and one after it (read).
        await OrderTable.InsertAsync(provider, "source", [Order.Of(55), Order.Of(105)]);
        var before = job.Processed.Count;
        var restarted = await job.RunAsync(repository);

        restarted.Status.Should().Be(BatchStatus.Completed, restarted.ExitStatus.ExitDescription);
        job.Processed.Skip(before).Should().StartWith([105, 110, 120], "the restart reads from the first key after 100");
        var target = await OrderTable.ReadAsync(provider, "target");
        target.Select(r => r.Id).Should().Equal(Enumerable.Range(1, 30).Select(i => i * 10L).Append(105).Order(), "nothing lost, nothing twice, 55 not read");
    }

    [Test]
    public async Task A_composite_key_pages_by_row_value_and_restarts_after_the_last_committed_pair()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.ExecuteAsync(provider, "CREATE TABLE lines (day VARCHAR(10) NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (day, seq))");
        var pairs = new[] { "2024-01-01", "2024-01-02", "2024-01-03" }.SelectMany(d => Enumerable.Range(1, 4).Select(s => (Day: d, Seq: (long)s))).ToList();
        foreach (var (day, seq) in pairs)
        {
            await OrderTable.ExecuteAsync(provider, $"INSERT INTO lines (day, seq) VALUES ('{day}', {seq})");
        }

        await using var dataSource = OrderTable.DataSource(provider);
        var options = new KeysetReaderOptions<Order>
        {
            Table = "lines",
            Columns = ["day", "seq"],
            KeyColumns = ["day", "seq"],
            PageSize = 5,
            Mapper = r => new Order { Id = r.GetInt64(1), Name = r.GetString(0) },
            Name = "lines.reader",
        };
        var written = new ListItemWriter<Order>();

        // Fail in the third chunk (the 8th row, 2024-01-02 seq 4), then restart.
        var firstRun = new FailingAtRow(written, failAtCall: 3);
        var failed = await new OrderJob(() => new KeysetItemReader<Order>(dataSource, options), () => firstRun, chunkSize: 3).RunAsync(repository);
        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().ExecutionContext.GetString("lines.reader.lastKey.day").Should().Be("2024-01-02");
        failed.StepExecutions.Single().ExecutionContext.Get<long>("lines.reader.lastKey.seq").Should().Be(2);
        var restarted = await new OrderJob(() => new KeysetItemReader<Order>(dataSource, options), () => written, chunkSize: 3).RunAsync(repository);

        restarted.Status.Should().Be(BatchStatus.Completed, restarted.ExitStatus.ExitDescription);
        written.Written.Select(o => (o.Name, o.Id)).Should().Equal(pairs);
    }

    [Test]
    public async Task Query_parameters_from_the_job_parameter_are_bound_and_an_injection_attempt_is_read_as_data()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        const string attack = "'; drop table victim; --";
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.CreateAsync(provider, "victim");
        await OrderTable.InsertAsync(provider, "source", [Order.Of(1, "plain"), Order.Of(2, attack, 7), Order.Of(3, attack, 99)]);
        await using var dataSource = OrderTable.DataSource(provider);
        var written = new ListItemWriter<Order>();
        var parameters = new JobParametersBuilder().AddString("query", "name=" + attack.Replace("%", "%25", StringComparison.Ordinal) + "&max=50").Build();
        var job = new OrderJob(
            () => OrderTable.KeysetReader(
                dataSource, "source", pageSize: 10,
                sql: "SELECT id, name, amount FROM source WHERE name = @name AND amount <= CAST(@max AS BIGINT)",
                parameters: QueryParameters.FromJobParameters(parameters)),
            () => written,
            chunkSize: 10);

        var execution = await job.RunAsync(repository, parameters);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        written.Written.Select(o => o.AsTuple()).Should().Equal((2L, attack, 7L));
        (await OrderTable.ExistsAsync(provider, "victim")).Should().BeTrue("the value was data, not SQL");
    }

    [Test]
    public async Task A_row_the_mapper_cannot_map_is_a_malformed_item_at_its_key_that_a_fault_tolerant_step_skips()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 6).Select(i => Order.Of(i, i == 4 ? "bad" : null)));
        await using var dataSource = OrderTable.DataSource(provider);
        var written = new ListItemWriter<Order>();
        var step = new Batch.Steps.StepBuilder("load")
            .Chunk<Order, Order>(3)
            .Reader(_ => new KeysetItemReader<Order>(dataSource, new KeysetReaderOptions<Order>
            {
                Table = "source",
                KeyColumns = ["id"],
                Mapper = r => r.GetString(1) == "bad" ? throw new FormatException("name is bad") : OrderTable.Map(r),
            }))
            .Writer(written)
            .FaultTolerant()
            .Build();

        var execution = await new Batch.Launch.JobLauncher(repository).RunAsync(new Batch.Jobs.JobBuilder("orders").Start(step).Build(), JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        written.Written.Select(o => o.Id).Should().Equal(1, 2, 3, 5, 6);
        execution.StepExecutions.Single().ReadSkipCount.Should().Be(1);
    }

    /// <summary>Passes chunks to another writer, but throws at the given call (once).</summary>
    private sealed class FailingAtRow(IItemWriter<Order> inner, int failAtCall) : IItemWriter<Order>
    {
        private int _calls;

        public ValueTask WriteAsync(Chunk<Order> chunk, CancellationToken cancellationToken) =>
            ++_calls == failAtCall ? throw new InvalidOperationException("Failing chunk " + _calls) : inner.WriteAsync(chunk, cancellationToken);
    }

    [Test]
    public async Task The_next_page_is_queried_as_soon_as_the_last_row_of_a_full_page_is_handed_out_and_every_row_is_read_once()
    {
        await using var backend = new TBackend();
        await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 9).Select(i => Order.Of(i)));
        var counter = new CountingDataSource(OrderTable.DataSource(provider));
        await using var dataSource = counter;
        var reader = OrderTable.KeysetReader(dataSource, "source", pageSize: 3);
        await reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None);
        var read = new List<long>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                read.Add((await reader.ReadAsync(CancellationToken.None)).Item.Id);
            }

            // Two full pages handed out, no further read asked for: the third page's query is already on its way.
            await counter.StatementsReachedAsync(3).WaitAsync(TimeSpan.FromMinutes(2));
            counter.Statements.Should().Be(3, "the first page, the second and the third, nothing else");
            while (await reader.ReadAsync(CancellationToken.None) is { HasItem: true } next)
            {
                read.Add(next.Item.Id);
            }
        }
        finally
        {
            await reader.CloseAsync(CancellationToken.None);
        }

        read.Should().Equal(Enumerable.Range(1, 9).Select(i => (long)i));
        counter.Statements.Should().Be(4, "the fourth page (sent after the ninth row, a full page) is empty and ends the input");
    }

    [Test]
    public async Task Pages_as_large_as_the_chunks_with_a_last_page_that_is_full_read_every_row_once_and_close_cleanly()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 20).Select(i => Order.Of(i)));
        var written = new ListItemWriter<Order>();
        await using var dataSource = OrderTable.DataSource(provider);
        var job = new OrderJob(() => OrderTable.KeysetReader(dataSource, "source", pageSize: 5), () => written, chunkSize: 5);

        var execution = await job.RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        written.Written.Select(o => o.Id).Should().Equal(Enumerable.Range(1, 20).Select(i => (long)i));
        execution.StepExecutions.Single().ExecutionContext.Get<long>("orders.reader.lastKey.id").Should().Be(20);
    }

    [Test]
    public async Task A_reader_closed_after_a_full_page_waits_for_the_page_sent_ahead_and_can_be_opened_again()
    {
        await using var backend = new TBackend();
        await backend.OpenAsync();
        var provider = backend.Provider!;
        await OrderTable.CreateAsync(provider, "source");
        await OrderTable.InsertAsync(provider, "source", Enumerable.Range(1, 10).Select(i => Order.Of(i)));
        await using var dataSource = OrderTable.DataSource(provider);
        var reader = OrderTable.KeysetReader(dataSource, "source", pageSize: 4);
        var context = new BatchExecutionContext();
        await reader.OpenAsync(context, CancellationToken.None);
        for (var i = 0; i < 4; i++)
        {
            await reader.ReadAsync(CancellationToken.None);
        }

        await reader.UpdateAsync(context, CancellationToken.None);
        await reader.CloseAsync(CancellationToken.None); // the second page was sent ahead and is not read

        await reader.OpenAsync(context, CancellationToken.None);
        var rest = new List<long>();
        while (await reader.ReadAsync(CancellationToken.None) is { HasItem: true } next)
        {
            rest.Add(next.Item.Id);
        }

        await reader.CloseAsync(CancellationToken.None);
        rest.Should().Equal(Enumerable.Range(5, 6).Select(i => (long)i), "it resumes after the last key it saved");
    }
}

/// <summary>Errors of the keyset reader that need a server: unreachable, a query slower than the fetch timeout, a page sent ahead that fails.</summary>
public sealed class KeysetItemReaderServerTests
{
    [Test]
    public async Task An_unreachable_server_fails_the_step_with_an_error_naming_the_server_and_what_to_do()
    {
        await using var backend = new SqliteBackend();
        var repository = await backend.OpenAsync();
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port; // free once the listener stops: nothing listens there
        }

        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Database=sales;Username=batch;Password=secret;Timeout=5");
        var job = new OrderJob(() => OrderTable.KeysetReader(dataSource, "source", pageSize: 10), () => new ListItemWriter<Order>(), chunkSize: 10);

        var execution = await job.RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Failed);
        var failure = execution.StepExecutions.Single().FailureExceptions.Single();
        failure.Should().BeOfType<ItemStreamException>();
        failure.Message.Should().Contain($"cannot connect to the database 127.0.0.1:{port}/sales").And.Contain("Check that the server is running")
            .And.NotContain("secret");
    }

    [Test]
    public async Task A_page_slower_than_the_fetch_timeout_fails_the_step_with_an_error_naming_the_timeout()
    {
        await using var backend = new PostgresBackend();
        var repository = await backend.OpenAsync();
        await using var dataSource = NpgsqlDataSource.Create(backend.Provider.ConnectionString);
        var job = new OrderJob(
            () => new KeysetItemReader<Order>(dataSource, new KeysetReaderOptions<Order>
            {
                Sql = "SELECT 1::bigint AS id, 'x'::text AS name, 1::bigint AS amount, pg_sleep(600) AS slow",
                KeyColumns = ["id"],
                Mapper = OrderTable.Map,
                FetchTimeout = TimeSpan.FromSeconds(1), // against a query of ten minutes: no race
            }),
            () => new ListItemWriter<Order>(),
            chunkSize: 10);

        var execution = await job.RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Failed);
        var failure = execution.StepExecutions.Single().FailureExceptions.Single();
        failure.Should().BeOfType<ItemStreamException>();
        failure.Message.Should().Contain("within its fetch timeout of 1 s").And.Contain("Raise FetchTimeout");
    }

    [Test]
    public async Task A_query_on_a_missing_table_fails_with_the_server_s_message_on_one_line_and_what_to_do()
    {
        await using var backend = new PostgresBackend();
        await backend.OpenAsync();
        await using var dataSource = NpgsqlDataSource.Create(backend.Provider.ConnectionString);
        var reader = OrderTable.KeysetReader(dataSource, "nope", pageSize: 3, sql: "SELECT id, name, amount FROM nope");
        try
        {
            var read = async () =>
            {
                await reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None);
                await reader.ReadAsync(CancellationToken.None);
            };
            (await read.Should().ThrowAsync<ItemStreamException>()).Which.Message
                .Should().NotContain("\n").And.Contain("relation \"nope\" does not exist").And.Contain("Check the query and the server").And.NotContain("..");
        }
        finally
        {
            await reader.CloseAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task A_page_sent_ahead_whose_query_fails_fails_the_read_that_needs_its_rows_not_the_one_before()
    {
        await using var backend = new PostgresBackend();
        await backend.OpenAsync();
        await OrderTable.CreateAsync(backend.Provider, "source");
        await OrderTable.InsertAsync(backend.Provider, "source", Enumerable.Range(1, 6).Select(i => Order.Of(i)));
        await using var dataSource = NpgsqlDataSource.Create(backend.Provider.ConnectionString);
        // Every row after id 3 divides by zero: the first page (1-3) reads, the second page's query fails on the server.
        var reader = OrderTable.KeysetReader(dataSource, "source", pageSize: 3, sql: "SELECT id, name, amount / (CASE WHEN id > 3 THEN 0 ELSE 1 END) AS amount FROM source");
        await reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None);
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                (await reader.ReadAsync(CancellationToken.None)).Item.Id.Should().Be(i);
            }

            var fourth = async () => await reader.ReadAsync(CancellationToken.None);
            (await fourth.Should().ThrowAsync<ItemStreamException>())
                .Which.Message.Should().Contain("could not read its page").And.Contain("division by zero").And.Contain("after the last committed key");
        }
        finally
        {
            await reader.CloseAsync(CancellationToken.None);
        }
    }
}

/// <summary>A SQLite database that cannot be opened fails the step with an error naming the file.</summary>
public sealed class KeysetItemReaderFileTests
{
    [Test]
    public async Task A_missing_SQLite_file_opened_read_only_fails_the_step_with_an_error_naming_the_file()
    {
        await using var backend = new SqliteBackend();
        var repository = await backend.OpenAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"batch-missing-{Guid.NewGuid():N}", "sales.db");
        await using var dataSource = Microsoft.Data.Sqlite.SqliteFactory.Instance.CreateDataSource($"Data Source={missing};Mode=ReadOnly");
        var job = new OrderJob(() => OrderTable.KeysetReader(dataSource, "source", pageSize: 10), () => new ListItemWriter<Order>(), chunkSize: 10);

        var execution = await job.RunAsync(repository);

        execution.Status.Should().Be(BatchStatus.Failed);
        var failure = execution.StepExecutions.Single().FailureExceptions.Single();
        failure.Should().BeOfType<ItemStreamException>();
        failure.Message.Should().Contain($"cannot connect to the database {missing}");
    }
}
