using System.Text;
using Batch.Infrastructure.Files;
using Batch.Items;
using Batch.Jobs;
using Batch.Listeners;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Files;

public sealed class DelimitedFileReaderTests : FileFixture
{
    [Test]
    public async Task Reads_RFC_4180_quoting_with_delimiters_doubled_quotes_and_line_breaks_inside_fields_mapped_by_header_names()
    {
        var orders = Orders(30);
        var path = WriteFile("orders.csv", Csv(orders));

        var read = await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder));

        read.Should().Equal(orders);
        read.Select(o => o.Name).Should().Contain(["Smith, 7", "say \"3\"", "two\nlines 5"]);
    }

    [TestCase(";")]
    [TestCase("\t")]
    [TestCase("|")]
    [TestCase("||")]
    [TestCase("¦")]
    public async Task Reads_any_delimiter(string delimiter)
    {
        var orders = Orders(20);
        var path = WriteFile("orders.txt", Csv(orders, delimiter));

        var read = await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path, Delimiter = delimiter }, BindOrder));

        read.Should().Equal(orders);
    }

    [Test]
    public async Task Without_a_header_maps_by_position_or_by_the_configured_column_names_and_the_first_line_is_a_record()
    {
        var path = WriteFile("plain.csv", "1,one,1.50,2026-01-02\n2,two,2.50,2026-01-03\n");

        var byPosition = await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path, HasHeader = false }, MapOrder));
        var byName = await ReadAllAsync(new DelimitedFileReader<Order>(
            new DelimitedFileReaderOptions { Path = path, HasHeader = false, ColumnNames = ["id", "name", "amount", "day"] }, BindOrder));

        byPosition.Should().Equal(new Order(1, "one", 1.50m, new(2026, 1, 2)), new Order(2, "two", 2.50m, new(2026, 1, 3)));
        byName.Should().Equal(byPosition);
    }

    [Test]
    public async Task A_byte_order_mark_is_not_part_of_the_first_column_name_and_says_which_encoding_the_file_has()
    {
        var orders = Orders(5);
        var utf8 = WriteFile("bom8.csv", Csv(orders), new UTF8Encoding(true));
        var utf16 = WriteFile("bom16.csv", Csv(orders), Encoding.Unicode);

        var fromUtf8 = await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = utf8, Encoding = Encoding.Latin1 }, BindOrder));
        var fromUtf16 = await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = utf16 }, BindOrder));

        fromUtf8.Should().Equal(orders, "the UTF-8 mark wins over the configured Latin-1");
        fromUtf16.Should().Equal(orders);
    }

    [Test]
    public async Task Reads_a_file_in_a_configured_single_byte_encoding()
    {
        var path = WriteFile("latin1.csv", "id,name,amount,day\n1,Jürgen Größe,3.00,2026-02-01\n", Encoding.Latin1);

        var read = await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path, Encoding = Encoding.Latin1 }, BindOrder));

        read.Single().Name.Should().Be("Jürgen Größe");
    }

    [Test]
    public async Task Bytes_that_are_not_UTF_8_make_their_record_malformed_with_its_line_and_a_hint_about_the_encoding_and_the_other_records_read()
    {
        var path = PathOf("wrong.csv");
        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes("id,name,amount,day\n1,ok,1.00,2026-01-01\n2,Jürgen,2.00,2026-01-01\n3,ok,3.00,2026-01-01\n"));

        var (items, errors) = await ReadAllWithErrorsAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder));

        items.Select(o => o.Id).Should().Equal(1, 3);
        var error = errors.Should().ContainSingle().Which.Should().BeOfType<MalformedRecordException>().Subject;
        error.LineNumber.Should().Be(3);
        error.Position.Should().Be("line 3");
        error.Message.Should().Contain("Line 3 of").And.Contain("not valid UTF-8").And.Contain("0xFC").And.Contain("Encoding");
        error.RawRecord.Should().Be("2,J\uFFFDrgen,2.00,2026-01-01");
    }

    [Test]
    public async Task Multi_byte_characters_across_the_parser_buffers_are_valid_and_one_bad_byte_deep_in_a_large_file_is_found_on_its_line()
    {
        var text = new StringBuilder("id,name,amount,day\n");
        for (var i = 1; i <= 30_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},{new string('é', i % 5)}Größe ✓ 😀 {i},{i}.00,2026-01-01\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString()).ToList();
        var line = Encoding.UTF8.GetBytes("\n21000,").AsSpan();
        var at = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes).IndexOf(line) + line.Length;
        bytes.Insert(at + 2, 0xC3); // a lead byte without its continuation, inside the name of record 21000
        var path = PathOf("large.csv");
        await File.WriteAllBytesAsync(path, [.. bytes]);

        var (items, errors) = await ReadAllWithErrorsAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder));

        items.Should().HaveCount(29_999);
        items.Select(o => o.Name).Should().Contain($"{new string('é', 4)}Größe ✓ 😀 20999");
        ((MalformedRecordException)errors.Should().ContainSingle().Subject).LineNumber.Should().Be(21_001);
    }

    [Test]
    public async Task Characters_a_configured_encoding_cannot_decode_make_their_record_malformed()
    {
        var path = PathOf("ascii.csv");
        await File.WriteAllBytesAsync(path, [.. Encoding.ASCII.GetBytes("id,name,amount,day\n1,J"), 0xFC, .. Encoding.ASCII.GetBytes("rgen,2.00,2026-01-01\n")]);

        var (items, errors) = await ReadAllWithErrorsAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path, Encoding = Encoding.ASCII }, BindOrder));

        items.Should().BeEmpty();
        errors.Should().ContainSingle().Which.Message.Should().Contain("Line 2").And.Contain("us-ascii");
    }

    [Test]
    public async Task Malformed_records_each_raise_a_malformed_record_exception_with_their_line_and_text_in_file_order_and_reading_goes_on()
    {
        var path = WriteFile("bad.csv", string.Join('\n',
            "id,name,amount,day",
            "1,ok,1.00,2026-01-01",
            "2,too,many,fields,here",
            "3,bad\"quote,3.00,2026-01-01",
            "4,\"quoted\nover two lines\",4.00,2026-01-01",
            "5,ok,not-a-number,2026-01-01",
            "6,ok,6.00,2026-01-01",
            string.Empty));

        var (items, errors) = await ReadAllWithErrorsAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder));

        items.Select(o => o.Id).Should().Equal(1, 4, 6);
        items[1].Name.Should().Be("quoted\nover two lines");
        var malformed = errors.Cast<MalformedRecordException>().ToList();
        malformed.Select(e => e.LineNumber).Should().Equal(3, 4, 7);
        malformed.Select(e => e.RawRecord).Should().Equal("2,too,many,fields,here", "3,bad\"quote,3.00,2026-01-01", "5,ok,not-a-number,2026-01-01");
        malformed[0].Problem.Should().Contain("number of fields");
        malformed[1].Problem.Should().Contain("quote");
        malformed[2].Problem.Should().Contain("'amount' (field 3)").And.Contain("not-a-number");
        malformed.Should().OnlyContain(e => e.Message.Contains(path, StringComparison.Ordinal));
    }

    [Test]
    public async Task Lenient_quotes_repair_a_stray_quote_and_an_allowed_field_count_mismatch_reads_missing_fields_as_empty()
    {
        var path = WriteFile("lenient.csv", "id,name,amount,day\n1,bad\"quote,1.00,2026-01-01\n2,\"closed\"junk,2.00,2026-01-01\n3,short\n4,long,4.00,2026-01-01,extra\n");

        var read = await ReadAllAsync(new DelimitedFileReader<string>(
            new DelimitedFileReaderOptions { Path = path, LenientQuotes = true, AllowFieldCountMismatch = true },
            f => $"{f.GetString(0)}:{f.GetString(1)}:{f.IsEmpty(2)}:{f.FieldCount}"));

        read.Should().Equal("1:bad\"quote:False:4", "2:closedjunk:False:4", "3:short:True:2", "4:long:False:5");
    }

    [Test]
    public async Task A_fault_tolerant_step_skips_malformed_records_counts_them_and_tells_skip_listeners_their_line()
    {
        var path = WriteFile("bad.csv", "id,name,amount,day\n1,a,1.00,2026-01-01\n2,b,x,2026-01-01\n3,c,3.00,2026-01-01\n4,\"d\"e,4.00,2026-01-01\n5,e,5.00,2026-01-01\n");
        var written = new ListItemWriter<Order>();
        var skips = new SkipPositions();
        var job = SkippingLoad(path, written, skips);

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        var step = execution.StepExecutions.Single();
        step.ReadSkipCount.Should().Be(2);
        step.ReadCount.Should().Be(3);
        step.ExitStatus.ExitCode.Should().Be(ExitStatus.CompletedWithSkips.ExitCode);
        written.Written.Select(o => o.Id).Should().Equal(1, 3, 5);
        skips.Positions.Should().Equal("line 3", "line 5");
    }

    [TestCase("6,\"f,6.00,2026-01-01", 5, "to line 11, the end of the file")]
    [TestCase("6,\"f,6.00,2026-01-01\n7,\"g, Jr.\",7.00,2026-01-01", 2, "to line 8)")]
    public async Task A_quote_that_runs_a_record_over_later_lines_fails_the_step_instead_of_skipping_them_all_as_one_record(string badLines, int swallowed, string through)
    {
        var lines = new StringBuilder("id,name,amount,day\n1,a,1.00,2026-01-01\n2,b,x,2026-01-01\n3,c,3.00,2026-01-01\n4,d,4.00,2026-01-01\n5,e,5.00,2026-01-01\n");
        lines.Append(badLines).Append('\n');
        for (var i = badLines.Contains('7', StringComparison.Ordinal) ? 8 : 7; i <= 10; i++)
        {
            lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},n,{i}.00,2026-01-01\n");
        }

        var path = WriteFile("unclosed.csv", lines.ToString());
        var written = new ListItemWriter<Order>();
        var job = SkippingLoad(path, written);

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed, "skipping the record would drop every line the open quote took in, counted as one skip");
        var step = execution.StepExecutions.Single();
        step.ReadSkipCount.Should().Be(1, "only line 3's bad amount was skipped");
        written.Written.Select(o => o.Id).Should().Equal(1, 3, 4, 5);
        step.ExitStatus.ExitDescription.Should().Contain("ItemStreamException").And.Contain($"line 7: a quoted field opened there is not closed")
            .And.Contain($"took {swallowed} lines").And.Contain(through).And.Contain("AllowLineBreaksInQuotes = false");
    }

    [Test]
    public async Task Without_line_breaks_in_quotes_an_unclosed_quote_is_one_malformed_line_a_fault_tolerant_step_skips()
    {
        var path = WriteFile("unclosed.csv", "id,name,amount,day\n1,a,1.00,2026-01-01\n2,\"b,2.00,2026-01-01\n3,c,3.00,2026-01-01\n");

        var (items, errors) = await ReadAllWithErrorsAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path, AllowLineBreaksInQuotes = false }, BindOrder));

        items.Select(o => o.Id).Should().Equal(1, 3);
        errors.Should().ContainSingle().Which.Should().BeOfType<MalformedRecordException>().Which.LineNumber.Should().Be(3);
    }

    [TestCase("")]
    [TestCase("  ")]
    public void A_reader_or_writer_without_a_path_is_refused_saying_how_to_give_it(string path)
    {
        var reader = () => new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder);
        var writer = () => new DelimitedFileWriter<Order>(new DelimitedFileWriterOptions { Path = path }, (_, _) => { });

        reader.Should().Throw<ArgumentException>().WithMessage("The file reader's Path is empty: give the file to read*Require(\"file\", JobParameterType.String)*");
        writer.Should().Throw<ArgumentException>().WithMessage("The file writer's Path is empty: give the file to write*");
    }

    [Test]
    public async Task A_malformed_record_fails_a_step_that_is_not_fault_tolerant_with_the_line_in_its_exit_description()
    {
        var path = WriteFile("bad.csv", "id,name,amount,day\n1,a,1.00,2026-01-01\n2,b,x,2026-01-01\n");
        var job = new JobBuilder("strict").Start(new StepBuilder("load")
                .Chunk<Order, Order>(10)
                .Reader(_ => new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder))
                .Writer(new ListItemWriter<Order>())
                .Build())
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("Line 3 of").And.Contain("[2,b,x,2026-01-01]");
    }

    [Test]
    public async Task A_missing_file_fails_the_open_with_an_item_stream_exception_naming_the_path()
    {
        var path = PathOf("nowhere/orders.csv");
        var reader = new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder);

        var open = () => reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None).AsTask();

        var thrown = (await open.Should().ThrowAsync<ItemStreamException>()).Which;
        thrown.Message.Should().Contain(path).And.Contain("does not exist");
        var business = thrown.InnerException.Should().BeOfType<BusinessException>(
            "a missing input file is the operator's to fix: the recovery log with its steps, not a stack trace").Subject;
        business.RecoverySteps.Should().HaveCount(2).And.Contain(step => step.Contains("restart", StringComparison.Ordinal));
        business.InnerException.Should().BeOfType<DirectoryNotFoundException>();
        Batch.Faults.DefaultExceptionClassifier.Instance.Classify(thrown).Should().Be(Batch.Faults.ExceptionCategory.Business);
    }

    [Test]
    public async Task A_column_the_binder_needs_but_the_header_lacks_fails_the_open_naming_the_columns_there_are()
    {
        var path = WriteFile("orders.csv", "id,title\n1,x\n");
        var reader = new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder);

        var open = () => reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None).AsTask();

        (await open.Should().ThrowAsync<ItemStreamException>()).Which.Message.Should().Contain("'name'").And.Contain("id, title");
    }

    [Test]
    public async Task A_file_read_with_the_wrong_delimiter_fails_the_open_saying_which_delimiter_to_set()
    {
        var path = WriteFile("orders.csv", "id;name\n1;x\n");
        var reader = new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder);

        var open = () => reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None).AsTask();

        (await open.Should().ThrowAsync<ItemStreamException>()).Which.Message
            .Should().Contain("set the reader's Delimiter to ';'").And.NotContain("(Parameter");
    }

    [Test]
    public async Task An_empty_file_and_a_file_with_only_its_header_have_no_records()
    {
        var empty = WriteFile("empty.csv", string.Empty);
        var headerOnly = WriteFile("header.csv", "id,name,amount,day\n");

        (await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = empty }, BindOrder))).Should().BeEmpty();
        (await ReadAllAsync(new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = headerOnly }, BindOrder))).Should().BeEmpty();
    }

    [Test]
    public async Task A_restarted_step_resumes_after_the_records_earlier_executions_consumed_malformed_ones_included_and_keeps_nothing_in_the_context()
    {
        var orders = Orders(95);
        var path = WriteFile("orders.csv", Csv(orders).Replace("\n8,name 8,", "\n8,name 8,x,", StringComparison.Ordinal));
        var written = new ListItemWriter<Order>();
        var failAt = 57L;
        var job = new JobBuilder("restart").Start(new StepBuilder("load")
                .Chunk<Order, Order>(10)
                .Reader(_ => new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder))
                .Processor((o, _) => o.Id == failAt ? throw new InvalidOperationException($"order {o.Id} is poisoned") : ValueTask.FromResult(ItemResult<Order>.Of(o)))
                .Writer(written)
                .FaultTolerant()
                .Skip<MalformedItemException>()
                .Build())
            .Build();

        var first = await RunAsync(job);
        failAt = -1;
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        second.Status.Should().Be(BatchStatus.Completed);
        written.Written.Select(o => o.Id).Should().Equal(Enumerable.Range(1, 95).Where(i => i != 8).Select(i => (long)i), "nothing lost, nothing twice");
        first.StepExecutions.Single().ExecutionContext.Keys.Should().Equal(["batch.step.skip.count"], "the reader keeps nothing there; the step counts its skips");
        second.StepExecutions.Single().ItemsConsumedBefore.Should().Be(51, "five chunks of ten items plus the malformed record 8");
    }

    [Test]
    public async Task A_restart_on_a_file_shorter_than_what_was_consumed_fails_with_a_clear_error()
    {
        var path = WriteFile("orders.csv", Csv(Orders(40)));
        var failAt = 35L;
        var job = new JobBuilder("shrunk").Start(new StepBuilder("load")
                .Chunk<Order, Order>(10)
                .Reader(_ => new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder))
                .Processor((o, _) => o.Id == failAt ? throw new InvalidOperationException("poisoned") : ValueTask.FromResult(ItemResult<Order>.Of(o)))
                .Writer(new ListItemWriter<Order>())
                .Build())
            .Build();

        var first = await RunAsync(job);
        WriteFile("orders.csv", Csv(Orders(12)));
        failAt = -1;
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        first.StepExecutions.Single().ExecutionContext.Should().BeEmpty("the reader's chunks write no context: a restart resumes from the consumed count");
        second.Status.Should().Be(BatchStatus.Failed);
        var error = second.StepExecutions.Single().FailureExceptions.OfType<ItemStreamException>().Single();
        error.Message.Should().Contain(path).And.Contain("only 12 records").And.Contain("consumed 30").And.Contain("changed");
    }

    [Test]
    public async Task Reading_allocates_nothing_per_record_beyond_what_the_mapper_makes()
    {
        var path = WriteFile("numbers.csv", "n,word\n" + string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i},\"w,{i}\"\n")));
        var reader = new DelimitedFileReader<long>(new DelimitedFileReaderOptions { Path = path }, f => f.Parse<long>(0) + f.GetChars(1).Length);
        await reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None);
        await reader.ReadAsync(CancellationToken.None); // the first record fills the buffers

        // The whole process, not the current thread: after an await that went asynchronous (a buffer refill) the loop goes on
        // on another thread, whose counter is another one. Other threads allocate a little meanwhile; a string or an object
        // per record would be 24 bytes or more.
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var sum = 0L;
        while (await reader.ReadAsync(CancellationToken.None) is { HasItem: true } result)
        {
            sum += result.Item;
        }

        var perRecord = (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / 19_999;
        await reader.CloseAsync(CancellationToken.None);
        sum.Should().BePositive();
        perRecord.Should().BeLessThan(16, "the reader, the parser and the field view allocate nothing per record (a long item is no allocation)");
    }

    /// <summary>A job whose chunk step (chunks of 2) reads the file and skips up to five malformed records.</summary>
    private static SimpleJob SkippingLoad(string path, ListItemWriter<Order> written, SkipPositions? skips = null)
    {
        var step = new StepBuilder("load")
            .Chunk<Order, Order>(2)
            .Reader(_ => new DelimitedFileReader<Order>(new DelimitedFileReaderOptions { Path = path }, BindOrder))
            .Writer(written)
            .FaultTolerant()
            .Skip<MalformedItemException>()
            .SkipLimit(5);
        if (skips is not null)
        {
            step = step.Listener(skips);
        }

        return new JobBuilder("skip").Start(step.Build()).Build();
    }

    private sealed class SkipPositions : ISkipListener<Order, Order>
    {
        public List<string?> Positions { get; } = [];

        public ValueTask OnSkipInReadAsync(Exception exception, string? position, CancellationToken cancellationToken)
        {
            Positions.Add(position);
            return ValueTask.CompletedTask;
        }
    }
}
