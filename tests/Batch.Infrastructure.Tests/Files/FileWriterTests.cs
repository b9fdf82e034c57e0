using System.Text;
using Batch.Infrastructure.Files;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Files;

public sealed class FileWriterTests : FileFixture
{
    private static readonly FixedWidthColumn[] Layout =
    [
        new("id", 0, 6) { Alignment = FieldAlignment.Right, Padding = '0' }, new("name", 7, 16), new("amount", 23, 10) { Alignment = FieldAlignment.Right }, new("day", 34, 10),
    ];

    [Test]
    public async Task A_delimited_file_round_trips_through_the_reader_with_quoted_fields_column_names_a_header_and_a_footer()
    {
        var orders = Orders(60);
        var path = PathOf("out.csv");
        var job = Export(orders, 7, ctx => new DelimitedFileWriter<Order>(CsvOptions(path), FormatOrder));

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        var text = await File.ReadAllTextAsync(path);
        text.Should().StartWith("# orders\nid,name,amount,day\n1,name 1,1.25,2026-02-02\n").And.EndWith("# 60 orders\n");
        text.Should().Contain("\n3,\"say \"\"3\"\"\",3.75,").And.Contain("\n5,\"two\nlines 5\",").And.Contain("\n7,\"Smith, 7\",");
        var read = await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path, CommentPrefix = '#' }, BindOrder));
        read.Should().Equal(orders);
    }

    [Test]
    public async Task A_fixed_width_file_round_trips_through_the_reader_with_alignment_and_padding()
    {
        var orders = Orders(25).Select(o => o with { Name = o.Name.Replace('\n', ' ').Replace(",", string.Empty, StringComparison.Ordinal) }).ToList();
        var path = PathOf("out.txt");
        var job = Export(orders, 10, _ => new FixedWidthFileWriter<Order>(new FixedWidthFileWriterOptions { Path = path, Columns = Layout }, FormatOrder));

        (await RunAsync(job)).Status.Should().Be(BatchStatus.Completed);

        var lines = await File.ReadAllLinesAsync(path);
        lines[0].Should().Be($"000001 {"name 1",-16}{"1.25",10} 2026-02-02");
        lines.Should().OnlyContain(l => l.Length == 44);
        var read = await ReadAllAsync(new FixedWidthFileReader<Order>(new FixedWidthFileReaderOptions { Path = path, Columns = Layout }, MapOrder));
        read.Should().Equal(orders);
    }

    [Test]
    public async Task A_JSON_lines_file_round_trips_through_the_reader_one_line_per_item_never_indented()
    {
        var orders = Orders(30);
        var path = PathOf("out.jsonl");
        var indented = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };
        var job = Export(orders, 8, _ => new JsonLinesFileWriter<Order>(new JsonLinesFileWriterOptions { Path = path }, indented));

        (await RunAsync(job)).Status.Should().Be(BatchStatus.Completed);

        var lines = await File.ReadAllLinesAsync(path);
        lines.Should().HaveCount(30);
        lines[0].Should().Be("{\"id\":1,\"name\":\"name 1\",\"amount\":1.25,\"day\":\"2026-02-02\"}");
        (await ReadAllAsync(new JsonLinesFileReader<Order>(new JsonLinesFileReaderOptions { Path = path }, OrderJson.Default.Order))).Should().Equal(orders);
    }

    [Test]
    public async Task Dates_written_as_yyyy_MM_dd_read_as_the_custom_format_does_in_every_year_and_in_a_culture_with_another_calendar()
    {
        DateOnly[] days = [DateOnly.MinValue, new(999, 12, 31), new(2026, 2, 9), DateOnly.MaxValue];
        var thai = new System.Globalization.CultureInfo("th-TH"); // the Thai Buddhist calendar: year 2026 is 2569
        foreach (var culture in new[] { System.Globalization.CultureInfo.InvariantCulture, new System.Globalization.CultureInfo("de-DE"), thai })
        {
            var path = PathOf($"days-{culture.Name}.csv");
            var orders = days.Select((d, i) => new Order(i + 1, "n", 1m, d)).ToList();
            var job = Export(orders, 3, _ => new DelimitedFileWriter<Order>(
                new DelimitedFileWriterOptions { Path = path, Culture = culture }, static (o, f) => f.Write(o.Day, "yyyy-MM-dd")), "days-" + culture.Name);

            (await RunAsync(job)).Status.Should().Be(BatchStatus.Completed);

            (await File.ReadAllLinesAsync(path)).Should().Equal(days.Select(d => d.ToString("yyyy-MM-dd", culture)), culture.DisplayName);
        }

        new DateOnly(2026, 2, 9).ToString("yyyy-MM-dd", thai).Should().StartWith("2569", "the test covers a calendar the ISO form does not use");
    }

    [Test]
    public async Task The_encoding_is_UTF_8_without_a_byte_order_mark_by_default_and_configurable()
    {
        var orders = new[] { new Order(1, "Jürgen", 1m, new(2026, 1, 1)) };
        var utf8 = PathOf("utf8.csv");
        var latin1 = PathOf("latin1.csv");

        await RunAsync(Export(orders, 5, _ => new DelimitedFileWriter<Order>(new DelimitedFileWriterOptions { Path = utf8 }, FormatOrder)));
        await RunAsync(Export(orders, 5, _ => new DelimitedFileWriter<Order>(new DelimitedFileWriterOptions { Path = latin1, Encoding = Encoding.Latin1 }, FormatOrder), "latin1"));

        (await File.ReadAllBytesAsync(utf8)).Should().Equal(Encoding.UTF8.GetBytes("1,Jürgen,1.00,2026-01-01\n"));
        (await File.ReadAllBytesAsync(latin1)).Should().Equal(Encoding.Latin1.GetBytes("1,Jürgen,1.00,2026-01-01\n"));
    }

    [Test]
    public async Task A_failed_step_leaves_only_its_committed_chunks_and_no_footer_and_the_restart_continues_the_file_without_a_second_header()
    {
        var orders = Orders(95);
        var path = PathOf("out.csv");
        var failAt = 57L;
        var job = Export(orders, 10, _ => new DelimitedFileWriter<Order>(CsvOptions(path), FormatOrder), processor: o =>
            o.Id == failAt ? throw new InvalidOperationException($"order {o.Id} is poisoned") : o);

        var first = await RunAsync(job);
        var afterFailure = await File.ReadAllTextAsync(path);
        failAt = -1;
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        afterFailure.Should().Be(await ExpectedCsvAsync(orders.Take(50), footer: false));
        second.Status.Should().Be(BatchStatus.Completed);
        (await File.ReadAllTextAsync(path)).Should().Be(await ExpectedCsvAsync(orders, footer: true));
        second.StepExecutions.Single().ExecutionContext.GetLong("delimited.writer.written").Should().Be(95);
    }

    [Test]
    public async Task A_chunk_retried_after_its_checkpoint_failed_is_not_written_twice_whether_the_writer_had_synced_it_or_not()
    {
        var orders = Orders(40);
        var path = PathOf("out.csv");
        var before = new FlakyUpdate(failOnCall: 2); // updated before the writer (as the processor): the chunk is not in the file yet
        var after = new FlakyUpdate(failOnCall: 3); // updated after it: the chunk was written and synced, then rolled back
        var job = new JobBuilder("retry").Start(new StepBuilder("export")
                .Chunk<Order, Order>(10)
                .Reader(_ => new ListItemReader<Order>(orders))
                .Processor(before)
                .FileWriter(_ => new DelimitedFileWriter<Order>(CsvOptions(path), FormatOrder))
                .Stream(after)
                .FaultTolerant()
                .Retry<TimeoutException>()
                .RetryLimit(3)
                .Backoff(TimeSpan.Zero)
                .Build())
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        before.Failures.Should().Be(1);
        after.Failures.Should().Be(1);
        execution.StepExecutions.Single().RollbackCount.Should().Be(2);
        (await File.ReadAllTextAsync(path)).Should().Be(await ExpectedCsvAsync(orders, footer: true));
    }

    [Test]
    public async Task A_chunk_scanned_item_by_item_after_a_formatting_error_writes_each_good_item_once_and_skips_the_bad_one()
    {
        var orders = Orders(30);
        var path = PathOf("out.csv");
        var job = new JobBuilder("scan").Start(new StepBuilder("export")
                .Chunk<Order, Order>(10)
                .Reader(_ => new ListItemReader<Order>(orders))
                .FileWriter(_ => new DelimitedFileWriter<Order>(CsvOptions(path), (o, f) =>
                {
                    FormatOrder(o, f);
                    if (o.Id == 14)
                    {
                        throw new FormatException("order 14 cannot be written");
                    }
                }))
                .FaultTolerant()
                .Skip<FormatException>()
                .Build())
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        execution.StepExecutions.Single().WriteSkipCount.Should().Be(1);
        (await File.ReadAllTextAsync(path)).Should().Be(await ExpectedCsvAsync(orders.Where(o => o.Id != 14), footer: true));
    }

    [Test]
    public async Task A_chunk_larger_than_the_memory_buffer_that_fails_after_reaching_the_file_is_cut_off_when_the_step_closes()
    {
        var orders = Enumerable.Range(1, 40_000).Select(i => new Order(i, new string('x', 40), i, new(2026, 1, 1))).ToList();
        var path = PathOf("big.csv");
        var job = new JobBuilder("big").Start(new StepBuilder("export")
                .Chunk<Order, Order>(20_000)
                .Reader(_ => new ListItemReader<Order>(orders))
                .Writer(_ => new DelimitedFileWriter<Order>(new DelimitedFileWriterOptions { Path = path }, FormatOrder))
                .Stream(new FlakyUpdate(failOnCall: 2, new InvalidOperationException("the checkpoint cannot be saved")))
                .Build())
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        var lines = await File.ReadAllLinesAsync(path);
        lines.Should().HaveCount(20_000, "the second chunk (more than 1 MiB, written ahead of its checkpoint) was cut off");
        lines[^1].Should().StartWith("20000,");
    }

    [Test]
    public async Task A_restart_whose_output_file_got_shorter_or_went_missing_fails_with_a_clear_error()
    {
        var orders = Orders(30);
        var path = PathOf("out.csv");
        var failAt = 25L;
        var job = Export(orders, 10, _ => new DelimitedFileWriter<Order>(new DelimitedFileWriterOptions { Path = path }, FormatOrder), processor: o =>
            o.Id == failAt ? throw new InvalidOperationException("poisoned") : o);
        (await RunAsync(job)).Status.Should().Be(BatchStatus.Failed);
        var committed = new FileInfo(path).Length;

        await File.WriteAllTextAsync(path, "1,short\n");
        var shorter = await RunAsync(job);
        File.Delete(path);
        var missing = await RunAsync(job);

        shorter.Status.Should().Be(BatchStatus.Failed);
        shorter.ExitStatus.ExitDescription.Should().Contain(path).And.Contain($"fewer than the {committed}");
        missing.Status.Should().Be(BatchStatus.Failed);
        missing.ExitStatus.ExitDescription.Should().Contain(path).And.Contain("is missing");
    }

    [Test]
    public async Task A_footer_is_written_once_at_the_end_by_a_shared_instance_registered_as_a_listener_and_refused_when_nothing_would_write_it()
    {
        var path = PathOf("out.csv");
        var options = new DelimitedFileWriterOptions { Path = path, Footer = (w, n) => w.Write($"total {n}\n") };
        var shared = new DelimitedFileWriter<Order>(options, FormatOrder);
        var listening = new JobBuilder("shared").Start(new StepBuilder("export")
                .Chunk<Order, Order>(3)
                .Reader(_ => new ListItemReader<Order>(Orders(4)))
                .Writer(shared)
                .Listener(shared)
                .Build())
            .Build();
        var deaf = new JobBuilder("deaf").Start(new StepBuilder("export")
                .Chunk<Order, Order>(3)
                .Reader(_ => new ListItemReader<Order>(Orders(4)))
                .Writer(_ => new DelimitedFileWriter<Order>(options, FormatOrder))
                .Build())
            .Build();

        (await RunAsync(listening)).Status.Should().Be(BatchStatus.Completed);
        var text = await File.ReadAllTextAsync(path);
        var refused = await RunAsync(deaf);

        text.Should().EndWith("\n4,name 4,5.00,2026-05-05\ntotal 4\n");
        refused.Status.Should().Be(BatchStatus.Failed);
        refused.ExitStatus.ExitDescription.Should().Contain("footer").And.Contain(".FileWriter(ctx => ...)");
    }

    [Test]
    public async Task An_empty_input_gives_a_file_with_its_header_and_footer()
    {
        var path = PathOf("empty.csv");

        (await RunAsync(Export([], 10, _ => new DelimitedFileWriter<Order>(CsvOptions(path), FormatOrder)))).Status.Should().Be(BatchStatus.Completed);

        (await File.ReadAllTextAsync(path)).Should().Be("# orders\nid,name,amount,day\n# 0 orders\n");
    }

    [Test]
    public async Task A_fixed_width_value_too_long_for_its_column_is_an_error_naming_the_column_unless_long_values_are_cut()
    {
        var order = new Order(1, "a name much too long for sixteen", 1m, new(2026, 1, 1));
        var strict = PathOf("strict.txt");
        var cut = PathOf("cut.txt");

        var failed = await RunAsync(Export([order], 5, _ => new FixedWidthFileWriter<Order>(new FixedWidthFileWriterOptions { Path = strict, Columns = Layout }, FormatOrder)));
        await RunAsync(Export([order], 5, _ => new FixedWidthFileWriter<Order>(new FixedWidthFileWriterOptions { Path = cut, Columns = Layout, TruncateLongValues = true }, FormatOrder), "cut"));

        failed.ExitStatus.ExitDescription.Should().Contain("column 'name'").And.Contain("holds 16");
        (await File.ReadAllTextAsync(cut)).Should().Be($"000001 {"a name much too "}{"1.00",10} 2026-01-01\n");
    }

    private static DelimitedFileWriterOptions CsvOptions(string path) => new()
    {
        Path = path,
        ColumnNames = ["id", "name", "amount", "day"],
        Header = w => w.Write("# orders\n"),
        Footer = (w, count) => w.Write($"# {count} orders\n"),
    };

    /// <summary>What one uninterrupted run writes for these orders.</summary>
    private async Task<string> ExpectedCsvAsync(IEnumerable<Order> orders, bool footer)
    {
        var path = PathOf($"expected-{Guid.NewGuid():N}.csv");
        var options = CsvOptions(path);
        var list = orders.ToList();
        (await RunAsync(Export(list, 1000, _ => new DelimitedFileWriter<Order>(options, FormatOrder), "expected-" + Guid.NewGuid().ToString("N")))).Status.Should().Be(BatchStatus.Completed);
        var text = await File.ReadAllTextAsync(path);
        return footer ? text : text[..text.LastIndexOf("# ", StringComparison.Ordinal)];
    }

    private static SimpleJob Export<TWriter>(IReadOnlyList<Order> orders, int chunkSize, Func<StepContext, TWriter> writer, string name = "export", Func<Order, Order>? processor = null)
        where TWriter : IItemWriter<Order>
    {
        var builder = new StepBuilder("export")
            .Chunk<Order, Order>(chunkSize)
            .Reader(_ => new ListItemReader<Order>(orders))
            .Processor((o, _) => ValueTask.FromResult(ItemResult<Order>.Of(processor is null ? o : processor(o))));
        builder = writer switch
        {
            Func<StepContext, DelimitedFileWriter<Order>> delimited => builder.FileWriter(delimited),
            Func<StepContext, FixedWidthFileWriter<Order>> fixedWidth => builder.FileWriter(fixedWidth),
            Func<StepContext, JsonLinesFileWriter<Order>> jsonLines => builder.FileWriter(jsonLines),
            _ => builder.Writer(ctx => writer(ctx)),
        };
        return new JobBuilder(name).Start(builder.Build()).Build();
    }

    /// <summary>A stream (and pass-through processor) whose update fails once, on its n-th call.</summary>
    private sealed class FlakyUpdate(int failOnCall, Exception? failure = null) : IItemStream, IItemProcessor<Order, Order>
    {
        private int _calls;

        public int Failures { get; private set; }

        public ValueTask<ItemResult<Order>> ProcessAsync(Order item, CancellationToken cancellationToken) => ValueTask.FromResult(ItemResult<Order>.Of(item));

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
        {
            if (++_calls == failOnCall)
            {
                Failures++;
                throw failure ?? new TimeoutException($"update {_calls} timed out");
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
