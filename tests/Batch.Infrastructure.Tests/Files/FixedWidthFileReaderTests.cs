using System.Text;
using Batch.Infrastructure.Files;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Files;

public sealed class FixedWidthFileReaderTests : FileFixture
{
    /// <summary>id 0-5, a gap of 2, name 7-19, amount 19-27 (right-aligned), day 27-35 (yyyyMMdd).</summary>
    private static readonly FixedWidthColumn[] Layout =
    [
        new("id", 0, 5), new("name", 7, 12), new("amount", 19, 8) { Alignment = FieldAlignment.Right }, new("day", 27, 8),
    ];

    /// <summary>A line of the layout.</summary>
    private static string Line(string id, string name, decimal amount, string day) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id,5}  {name,-12}{amount,8:0.00}{day}");

    private static Order Map(FieldSet f) =>
        new(f.Parse<long>("id"), f.GetString("name"), f.Parse<decimal>("amount"), DateOnly.ParseExact(f.GetChars(3), "yyyyMMdd", f.Culture));

    [Test]
    public async Task Reads_columns_by_start_and_length_with_gaps_trimming_the_padding_and_mapping_by_name_or_position()
    {
        var path = WriteFile("orders.txt", string.Join('\n',
            "ID     NAME          AMOUNT DAY",
            Line("00001", "Alice", 12.50m, "20260101"),
            Line("00002", "Bob Größe", 3.00m, "20260215") + "  trailing text is ignored",
            "",
            Line("00003", "Ünïcödé ✓", 1.00m, "20261231"),
            string.Empty));

        var read = await ReadAllAsync(new FixedWidthFileReader<Order>(new FixedWidthFileReaderOptions { Path = path, Columns = Layout, SkipLines = 1 }, Map));

        read.Should().Equal(
            new Order(1, "Alice", 12.50m, new(2026, 1, 1)),
            new Order(2, "Bob Größe", 3.00m, new(2026, 2, 15)),
            new Order(3, "Ünïcödé ✓", 1.00m, new(2026, 12, 31)));
    }

    [Test]
    public async Task Columns_given_out_of_line_order_are_the_fields_in_the_order_given()
    {
        var path = WriteFile("orders.txt", Line("00001", "Alice", 12.50m, "20260101") + "\n");
        FixedWidthColumn[] reordered = [Layout[3], Layout[1], Layout[0]];

        var read = await ReadAllAsync(new FixedWidthFileReader<string>(
            new FixedWidthFileReaderOptions { Path = path, Columns = reordered }, f => $"{f.GetString(0)}|{f.GetString(1)}|{f.GetString(2)}|{f.FieldCount}"));

        read.Should().Equal("20260101|Alice|00001|3");
    }

    [Test]
    public async Task A_line_shorter_than_the_columns_is_malformed_with_its_line_unless_short_lines_are_allowed()
    {
        var path = WriteFile("orders.txt", $"{Line("00001", "Alice", 12.50m, "20260101")}\n00002  Bob\n{Line("00003", "Carol", 1.00m, "20260102")}\n");

        var (items, errors) = await ReadAllWithErrorsAsync(new FixedWidthFileReader<Order>(new FixedWidthFileReaderOptions { Path = path, Columns = Layout }, Map));
        var lenient = await ReadAllAsync(new FixedWidthFileReader<string>(
            new FixedWidthFileReaderOptions { Path = path, Columns = Layout, AllowShortLines = true }, f => f.GetString(1) + "/" + f.IsEmpty(3)));

        items.Select(o => o.Id).Should().Equal(1, 3);
        var error = errors.Should().ContainSingle().Which.Should().BeOfType<MalformedRecordException>().Subject;
        error.LineNumber.Should().Be(2);
        error.RawRecord.Should().Be("00002  Bob");
        error.Problem.Should().Contain("10 characters long").And.Contain("end at 35");
        lenient.Should().Equal("Alice/False", "Bob/True", "Carol/False");
    }

    [Test]
    public async Task A_field_the_mapper_cannot_parse_is_malformed_with_its_line_text_and_column()
    {
        var path = WriteFile("orders.txt", $"{Line("00001", "Alice", 12.50m, "20260101")}\n{Line("0000X", "Bob", 3.00m, "20260215")}\n");

        var (items, errors) = await ReadAllWithErrorsAsync(new FixedWidthFileReader<Order>(new FixedWidthFileReaderOptions { Path = path, Columns = Layout }, Map));

        items.Should().ContainSingle();
        var error = (MalformedRecordException)errors.Single();
        error.LineNumber.Should().Be(2);
        error.Message.Should().Contain("'id' (field 1)").And.Contain("0000X");
    }

    [Test]
    public async Task Invalid_UTF_8_is_malformed_with_its_line()
    {
        var path = PathOf("orders.txt");
        var bad = Line("00002", "Bxb", 3.00m, "20260215");
        await File.WriteAllBytesAsync(path, [.. Encoding.UTF8.GetBytes(Line("00001", "Alice", 12.50m, "20260101") + "\n" + bad[..8]), 0xFF, .. Encoding.UTF8.GetBytes(bad[9..] + "\n")]);

        var (items, errors) = await ReadAllWithErrorsAsync(new FixedWidthFileReader<Order>(new FixedWidthFileReaderOptions { Path = path, Columns = Layout }, Map));

        items.Should().ContainSingle();
        ((MalformedRecordException)errors.Single()).LineNumber.Should().Be(2);
        errors.Single().Message.Should().Contain("not valid UTF-8").And.Contain("0xFF");
    }

    [Test]
    public void Overlapping_columns_are_refused_when_the_reader_is_made()
    {
        var make = () => new FixedWidthFileReader<Order>(
            new FixedWidthFileReaderOptions { Path = "x.txt", Columns = [new("a", 0, 5), new("b", 4, 3)] }, Map);

        make.Should().Throw<ArgumentException>().WithMessage("*a [0, 5)*b [4, 7)*overlap*");
    }

    [Test]
    public async Task A_restarted_step_resumes_after_the_consumed_lines_and_the_header_lines_are_not_counted()
    {
        var lines = Enumerable.Range(1, 45).Select(i => Line($"{i:00000}", $"name {i}", i, $"2026{1 + (i % 12):00}01")).Prepend("HEADER");
        var path = WriteFile("orders.txt", string.Join('\n', lines) + "\n");
        var written = new ListItemWriter<Order>();
        var failAt = 33L;
        var job = new JobBuilder("fixed").Start(new StepBuilder("load")
                .Chunk<Order, Order>(10)
                .Reader(_ => new FixedWidthFileReader<Order>(new FixedWidthFileReaderOptions { Path = path, Columns = Layout, SkipLines = 1 }, Map))
                .Processor((o, _) => o.Id == failAt ? throw new InvalidOperationException("poisoned") : ValueTask.FromResult(ItemResult<Order>.Of(o)))
                .Writer(written)
                .Build())
            .Build();

        var first = await RunAsync(job);
        failAt = -1;
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        second.Status.Should().Be(BatchStatus.Completed);
        second.StepExecutions.Single().ItemsConsumedBefore.Should().Be(30);
        written.Written.Select(o => o.Id).Should().Equal(Enumerable.Range(1, 45).Select(i => (long)i));
    }
}
