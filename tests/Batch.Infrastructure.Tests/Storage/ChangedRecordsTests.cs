using Batch.Infrastructure.Storage;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Tests.Storage;

public sealed class ChangedRecordsTests
{
    private StorageSandbox _box = null!;
    private string _input = null!;

    [SetUp]
    public void SetUp()
    {
        _box = new StorageSandbox();
        _input = Path.Combine(_box.Root, "incoming", "customers.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(_input)!);
    }

    [TearDown]
    public void TearDown() => _box.Dispose();

    [Test]
    public async Task On_the_first_run_every_record_is_new_and_the_input_is_kept_when_the_step_completes()
    {
        await Input("1,Ann", "2,Bob");
        await using var run = new Run(_box, _input);

        var execution = await run.StartAsync("day=1");

        execution.Status.Should().Be(BatchStatus.Completed);
        run.Written.Should().Equal(Added("1", "Ann"), Added("2", "Bob"));
        (await File.ReadAllTextAsync(Path.Combine(_box.WarehouseRoot, "customers", "last.csv"))).Should().Be(await File.ReadAllTextAsync(_input));
    }

    [Test]
    public async Task The_next_run_yields_only_new_and_changed_records()
    {
        await using var run = new Run(_box, _input);
        await Input("1,Ann", "2,Bob", "3,Cid");
        (await run.StartAsync("day=1")).Status.Should().Be(BatchStatus.Completed);
        run.Written.Clear();

        await Input("1,Ann", "2,Bobby", "4,Dan");
        (await run.StartAsync("day=2")).Status.Should().Be(BatchStatus.Completed);

        run.Written.Should().Equal(
            new RecordChange<Customer>(RecordChangeKind.Changed, new Customer("2", "Bobby"), new Customer("2", "Bob")),
            Added("4", "Dan"));
    }

    [Test]
    public async Task Deletions_are_yielded_when_asked_for()
    {
        await using var run = new Run(_box, _input, includeDeletions: true);
        await Input("1,Ann", "2,Bob", "3,Cid");
        await run.StartAsync("day=1");
        run.Written.Clear();

        await Input("2,Bob", "4,Dan");
        (await run.StartAsync("day=2")).Status.Should().Be(BatchStatus.Completed);

        run.Written.Should().Equal(
            new RecordChange<Customer>(RecordChangeKind.Deleted, null, new Customer("1", "Ann")),
            new RecordChange<Customer>(RecordChangeKind.Deleted, null, new Customer("3", "Cid")),
            Added("4", "Dan"));
    }

    [Test]
    public async Task A_restart_after_a_failed_chunk_yields_each_remaining_change_once_and_keeps_the_input_only_at_the_end()
    {
        await using var run = new Run(_box, _input);
        await Input("1,a", "2,b", "3,c", "4,d", "5,e");
        await run.StartAsync("day=1");
        run.Written.Clear();

        await Input("1,A", "2,b", "3,C", "4,D", "5,E", "6,F", "7,G");
        run.FailOnKey = "5";
        var failed = await run.StartAsync("day=2");
        failed.Status.Should().Be(BatchStatus.Failed);
        run.Written.Select(c => c.Current!.Id).Should().Equal("1", "3"); // chunks of 2 changes: [1,3] committed, [4,5] failed at 5
        (await File.ReadAllTextAsync(Path.Combine(_box.WarehouseRoot, "customers", "last.csv"))).Should().Contain("5,e", "a failed step keeps the older input");

        run.FailOnKey = null;
        run.Written.Clear();
        var restarted = await run.RestartAsync(failed.Id);

        restarted.Status.Should().Be(BatchStatus.Completed);
        run.Written.Select(c => c.Current!.Id).Should().Equal("4", "5", "6", "7");
        (await File.ReadAllTextAsync(Path.Combine(_box.WarehouseRoot, "customers", "last.csv"))).Should().Contain("7,G");
    }

    [Test]
    public async Task A_restart_after_a_later_listener_failed_once_the_input_was_kept_compares_with_the_input_before_and_completes()
    {
        await using var run = new Run(_box, _input);
        await Input("1,a", "2,b", "3,c");
        (await run.StartAsync("day=1")).Status.Should().Be(BatchStatus.Completed);
        await Input("1,A", "2,b", "3,C", "4,D");
        run.FailAfterStep = true;
        var failed = await run.StartAsync("day=2");
        failed.Status.Should().Be(BatchStatus.Failed, "a listener that runs after the comparison's failed");
        (await File.ReadAllTextAsync(Path.Combine(_box.WarehouseRoot, "customers", "last.csv"))).Should().Contain("4,D", "the comparison's listener had stored today's input");

        run.FailAfterStep = false;
        run.Written.Clear();
        var restarted = await run.RestartAsync(failed.Id);

        restarted.Status.Should().Be(BatchStatus.Completed, string.Join(" | ", Failures(restarted).Select(e => e.Message)));
        run.Written.Should().BeEmpty("the failed execution had committed every change");
        await Input("1,A", "2,b", "3,C", "4,D", "5,E");
        run.Written.Clear();
        (await run.StartAsync("day=3")).Status.Should().Be(BatchStatus.Completed);
        run.Written.Should().Equal(Added("5", "E"));
    }

    [Test]
    public async Task A_restart_whose_kept_input_was_deleted_since_fails_naming_it()
    {
        await using var run = new Run(_box, _input);
        await Input("1,a", "2,b");
        await run.StartAsync("day=1");
        await Input("1,A", "2,B", "3,C", "4,D");
        run.FailOnKey = "3";
        var failed = await run.StartAsync("day=2");
        failed.Status.Should().Be(BatchStatus.Failed);
        File.Delete(Path.Combine(_box.WarehouseRoot, "customers", "last.csv"));

        run.FailOnKey = null;
        var restarted = await run.RestartAsync(failed.Id);

        restarted.Status.Should().Be(BatchStatus.Failed);
        Failures(restarted).Should().ContainSingle().Which.Should().BeOfType<ItemStreamException>()
            .Which.Message.Should().Contain("last.csv").And.Contain("no longer in the warehouse");
    }

    [Test]
    public async Task An_input_not_sorted_by_the_key_fails_the_step_naming_the_file_and_the_keys()
    {
        await Input("2,b", "1,a");
        await using var run = new Run(_box, _input);

        var execution = await run.StartAsync("day=1");

        execution.Status.Should().Be(BatchStatus.Failed);
        var failure = execution.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Subject;
        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain(_input).And.Contain("'1' after '2'");
    }

    [Test]
    public async Task A_missing_input_fails_the_step_naming_it()
    {
        await using var run = new Run(_box, _input);

        var execution = await run.StartAsync("day=1");

        execution.StepExecutions.Single().FailureExceptions.Should().ContainSingle()
            .Which.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain(_input);
    }

    private static IEnumerable<Exception> Failures(JobExecution execution) =>
        execution.StepExecutions.SelectMany(s => s.FailureExceptions).Concat(execution.FailureExceptions);

    private static RecordChange<Customer> Added(string id, string name) => new(RecordChangeKind.Added, new Customer(id, name), null);

    private Task Input(params string[] lines) => File.WriteAllLinesAsync(_input, lines);

    public sealed record Customer(string Id, string Name);

    /// <summary>Reads <c>id,name</c> lines (a stand-in for the delimited file reader).</summary>
    private sealed class CustomerReader(string path) : IItemReader<Customer>, IItemStream
    {
        private StreamReader? _reader;

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
        {
            _reader = new StreamReader(path);
            return ValueTask.CompletedTask;
        }

        public async ValueTask<ItemResult<Customer>> ReadAsync(CancellationToken cancellationToken)
        {
            var line = await _reader!.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return ItemResult<Customer>.None;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            return new Customer(line[..comma], line[(comma + 1)..]);
        }

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync(CancellationToken cancellationToken)
        {
            _reader?.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A job of one chunk step (size 2) that reads the changes and collects them, failing on a chosen key.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        public Run(StorageSandbox box, string input, bool includeDeletions = false)
        {
            var options = box.Options;
            _services = new ServiceCollection().AddBatch(b => b
                .UseFileStorage(o =>
                {
                    o.WorkbenchFolder = options.WorkbenchFolder;
                    o.WarehouseFolder = options.WarehouseFolder;
                    o.TrashFolder = options.TrashFolder;
                })
                .AddJob(sp =>
                {
                    var changes = new ChangedRecords<Customer, string>(sp.GetRequiredService<Warehouse>(), new ChangedRecordsOptions<Customer, string>
                    {
                        InputPath = _ => input,
                        KeptName = "customers/last.csv",
                        OpenReader = path => new CustomerReader(path),
                        Key = c => c.Id,
                        KeyComparer = StringComparer.Ordinal,
                        IncludeDeletions = includeDeletions,
                    });
                    var step = new StepBuilder("import").Chunk<RecordChange<Customer>>(2)
                        .Reader(changes.CreateReader)
                        .Writer(new Collect(this))
                        .Listener(new FailingAfterStep(this)) // listeners end in reverse order: this one after the comparison's
                        .Listener(changes)
                        .Build();
                    return new JobBuilder("customers").Start(step).Build();
                })).BuildServiceProvider();
        }

        public List<RecordChange<Customer>> Written { get; } = [];

        public string? FailOnKey { get; set; }

        public bool FailAfterStep { get; set; }

        public Task<JobExecution> StartAsync(string parameters) =>
            _services.GetRequiredService<IJobOperator>().StartAsync("customers", parameters, CancellationToken.None);

        public Task<JobExecution> RestartAsync(long id) => _services.GetRequiredService<IJobOperator>().RestartAsync(id, CancellationToken.None);

        public ValueTask DisposeAsync() => _services.DisposeAsync();

        private sealed class FailingAfterStep(Run run) : Batch.Listeners.IStepExecutionListener
        {
            public ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) =>
                run.FailAfterStep ? throw new InvalidOperationException("the report after the import failed") : ValueTask.CompletedTask;
        }

        private sealed class Collect(Run run) : IItemWriter<RecordChange<Customer>>
        {
            public ValueTask WriteAsync(Chunk<RecordChange<Customer>> chunk, CancellationToken cancellationToken)
            {
                if (run.FailOnKey is not null && chunk.Any(c => c.Current?.Id == run.FailOnKey))
                {
                    throw new InvalidOperationException("the database went away");
                }

                run.Written.AddRange(chunk);
                return ValueTask.CompletedTask;
            }
        }
    }
}
