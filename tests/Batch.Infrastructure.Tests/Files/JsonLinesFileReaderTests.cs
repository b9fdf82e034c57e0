using System.Text;
using System.Text.Json;
using Batch.Infrastructure.Files;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Files;

public sealed class JsonLinesFileReaderTests : FileFixture
{
    private static string Jsonl(IEnumerable<Order> orders) =>
        string.Concat(orders.Select(o => JsonSerializer.Serialize(o, OrderJson.Default.Order) + "\n"));

    [Test]
    public async Task Reads_one_value_per_line_with_a_source_generated_type_info_or_with_serializer_options()
    {
        var orders = Orders(25);
        var path = WriteFile("orders.jsonl", Jsonl(orders));

        var generated = await ReadAllAsync(new JsonLinesFileReader<Order>(new JsonLinesFileReaderOptions { Path = path }, OrderJson.Default.Order));
        var reflected = await ReadAllAsync(new JsonLinesFileReader<Order>(new JsonLinesFileReaderOptions { Path = path }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var defaults = await ReadAllAsync(new JsonLinesFileReader<Order>(new JsonLinesFileReaderOptions { Path = path }));

        generated.Should().Equal(orders);
        reflected.Should().Equal(orders);
        defaults.Should().Equal(orders);
    }

    [Test]
    public async Task Blank_lines_CRLF_a_byte_order_mark_and_a_last_line_without_a_line_break_are_read_as_they_should()
    {
        var orders = Orders(3);
        var text = "\r\n" + Jsonl(orders).Replace("\n", "\r\n\r\n", StringComparison.Ordinal).TrimEnd();
        var path = WriteFile("orders.jsonl", text, new UTF8Encoding(true));

        var read = await ReadAllAsync(new JsonLinesFileReader<Order>(new JsonLinesFileReaderOptions { Path = path }, OrderJson.Default.Order));

        read.Should().Equal(orders);
    }

    [Test]
    public async Task Lines_that_are_not_JSON_not_the_type_null_or_not_UTF_8_are_malformed_with_their_line_and_text()
    {
        var good = Orders(2);
        var path = PathOf("bad.jsonl");
        await File.WriteAllBytesAsync(path, [
            .. Encoding.UTF8.GetBytes(Jsonl(good.Take(1)) + "{\"id\": 2, \"name\": \n" + "\n" + "null\n" + "{\"id\": \"three\"}\n"),
            .. Encoding.UTF8.GetBytes("{\"id\": 4, \"name\": \"J"), 0xFC, .. Encoding.UTF8.GetBytes("rgen\"}\n"),
            .. Encoding.UTF8.GetBytes(Jsonl(good.Skip(1))),
        ]);

        var (items, errors) = await ReadAllWithErrorsAsync(new JsonLinesFileReader<Order>(new JsonLinesFileReaderOptions { Path = path }, OrderJson.Default.Order));

        items.Should().Equal(good);
        var malformed = errors.Cast<MalformedRecordException>().ToList();
        malformed.Select(e => e.LineNumber).Should().Equal(2, 4, 5, 6);
        malformed[0].RawRecord.Should().Be("{\"id\": 2, \"name\": ");
        malformed[1].Problem.Should().Contain("null");
        malformed[2].Problem.Should().Contain("Order");
        malformed[3].Problem.Should().Contain("not valid UTF-8");
    }

    [Test]
    public async Task Reading_allocates_nothing_per_record_beyond_the_item()
    {
        var path = WriteFile("numbers.jsonl", string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i}\n")));
        var reader = new JsonLinesFileReader<long>(new JsonLinesFileReaderOptions { Path = path }, System.Text.Json.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<long>(
            JsonSerializerOptions.Default, System.Text.Json.Serialization.Metadata.JsonMetadataServices.Int64Converter));
        await reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None);
        await reader.ReadAsync(CancellationToken.None);

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
        sum.Should().Be((20_000L * 20_001 / 2) - 1);
        perRecord.Should().BeLessThan(16, "a long item is no allocation, and the reader makes none per line");
    }

    [Test]
    public async Task A_missing_file_fails_the_open_naming_the_path()
    {
        var reader = new JsonLinesFileReader<Order>(new JsonLinesFileReaderOptions { Path = PathOf("missing.jsonl") }, OrderJson.Default.Order);

        var open = () => reader.OpenAsync(new BatchExecutionContext(), CancellationToken.None).AsTask();

        (await open.Should().ThrowAsync<ItemStreamException>()).Which.Message.Should().Contain(PathOf("missing.jsonl"));
    }

    [Test]
    public async Task A_restarted_step_resumes_after_the_consumed_records_and_a_shorter_file_is_a_clear_error()
    {
        var path = WriteFile("orders.jsonl", Jsonl(Orders(50)).Replace("\n", "\n\n", StringComparison.Ordinal));
        var written = new ListItemWriter<Order>();
        var failAt = 27L;
        var job = new JobBuilder("json").Start(new StepBuilder("load")
                .Chunk<Order, Order>(10)
                .Reader(_ => new JsonLinesFileReader<Order>(new JsonLinesFileReaderOptions { Path = path }, OrderJson.Default.Order))
                .Processor((o, _) => o.Id == failAt ? throw new InvalidOperationException("poisoned") : ValueTask.FromResult(ItemResult<Order>.Of(o)))
                .Writer(written)
                .Build())
            .Build();

        (await RunAsync(job)).Status.Should().Be(BatchStatus.Failed);
        failAt = 45;
        (await RunAsync(job)).Status.Should().Be(BatchStatus.Failed);
        WriteFile("orders.jsonl", Jsonl(Orders(30)));
        failAt = -1;
        var shorter = await RunAsync(job);

        written.Written.Select(o => o.Id).Should().Equal(Enumerable.Range(1, 40).Select(i => (long)i));
        shorter.Status.Should().Be(BatchStatus.Failed);
        shorter.ExitStatus.ExitDescription.Should().Contain("only 30 records").And.Contain("consumed 40");
    }
}
