using System.Text.Json.Serialization;
using Batch.Infrastructure.Parquet;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using DuckDB.NET.Data;
using global::Parquet;
using global::Parquet.Schema;
using global::Parquet.Serialization;
using global::Parquet.Serialization.Attributes;

namespace Batch.Infrastructure.Tests.Parquet;

public class ParquetColumnMapTests
{
    private Lake _lake = null!;

    [SetUp]
    public void CreateLake() => _lake = new Lake();

    [TearDown]
    public void RemoveLake() => _lake.Dispose();

    [Test]
    public async Task Mapped_columns_have_the_chosen_names_order_and_types_in_DuckDB()
    {
        await WriteAsync(Map(), 25);

        var columns = Query("describe select * from read_parquet('{files}')", r => (Name: r.GetString(0), Type: r.GetString(1)));

        columns.Should().Equal(
            ("order_id", "BIGINT"),
            ("customer", "VARCHAR"),
            ("note", "VARCHAR"),
            ("price", "DECIMAL(12,2)"),
            ("discount", "DECIMAL(5,3)"),
            ("base_date", "DATE"),
            ("created_at", "TIMESTAMP WITH TIME ZONE"),
            ("shipped_at", "TIMESTAMP WITH TIME ZONE"),
            ("local_pickup", "TIMESTAMP"),
            ("status", "VARCHAR"),
            ("previous", "VARCHAR"),
            ("status_code", "INTEGER"),
            ("key", "UUID"),
            ("Active", "BOOLEAN"),
            ("Quantity", "INTEGER"),
            ("Weight", "DOUBLE"),
            ("payload", "BLOB"),
            ("customer_length", "INTEGER"));
    }

    [Test]
    public async Task Mapped_values_read_back_equal_in_DuckDB()
    {
        await WriteAsync(Map(), 25);

        var rows = Query(
            "select order_id, customer, note, cast(price as varchar), cast(discount as varchar), cast(base_date as varchar), created_at, " +
            "shipped_at, cast(local_pickup as varchar), status, previous, status_code, cast(key as varchar), Active, Quantity, Weight, payload, customer_length " +
            "from read_parquet('{files}') order by order_id",
            r => Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : Comparable(r.GetValue(i))).ToArray());

        rows.Should().HaveCount(25);
        for (var i = 0; i < rows.Count; i++)
        {
            var o = MappedOrder.Sample(i + 1);
            rows[i].Should().BeEquivalentTo(
                new object?[]
                {
                o.Id,
                o.Customer,
                o.Note,
                o.Price.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                o.Discount?.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
                o.BaseDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Micros(o.CreatedAt),
                o.ShippedAt is { } shipped ? Micros(shipped.UtcDateTime) : null,
                "2026-11-24 17:45:00",
                o.Status.ToString(),
                o.Previous?.ToString(),
                (int)o.Status,
                o.Key.ToString(),
                o.Active,
                o.Quantity,
                o.Weight,
                o.Payload,
                o.Customer.Length,
                },
                options => options.WithStrictOrdering(),
                "row {0}",
                i + 1);
        }
    }

    [Test]
    public async Task Mapped_values_and_logical_types_read_back_equal_in_Parquet_Net()
    {
        await WriteAsync(Map(), 25);
        var file = Directory.GetFiles(_lake.Root, "*.parquet", SearchOption.AllDirectories).Single();

        await using (var stream = File.OpenRead(file))
        {
            await using var reader = await ParquetReader.CreateAsync(stream);
            var fields = reader.Schema.DataFields.ToDictionary(f => f.Name);
            fields["price"].Should().BeOfType<DecimalDataField>().Which.Should().Match<DecimalDataField>(d => d.Precision == 12 && d.Scale == 2);
            fields["created_at"].Should().BeOfType<DateTimeDataField>().Which.IsAdjustedToUTC.Should().BeTrue();
            fields["local_pickup"].Should().BeOfType<DateTimeDataField>().Which.IsAdjustedToUTC.Should().BeFalse();
            fields["customer"].IsNullable.Should().BeFalse("string (not string?) is a required column");
            fields["note"].IsNullable.Should().BeTrue();
            fields["order_id"].IsNullable.Should().BeFalse();
            fields["discount"].IsNullable.Should().BeTrue();
        }

        var back = (await ParquetSerializer.DeserializeAsync<ReadBack>(file, new ParquetOptions { UseDateOnlyTypeForDates = true })).Data;
        back.Should().HaveCount(25);
        var o = MappedOrder.Sample(3);
        back[2].Should().BeEquivalentTo(new ReadBack
        {
            OrderId = o.Id,
            Customer = o.Customer,
            Note = o.Note,
            Price = o.Price,
            Discount = o.Discount,
            BaseDate = o.BaseDate,
            CreatedAt = o.CreatedAt,
            Status = o.Status.ToString(),
            Key = o.Key,
        });
    }

    [Test]
    public async Task Mapped_rows_go_through_a_partitioned_step_and_read_back_in_DuckDB()
    {
        var map = new ParquetColumnMap<MappedOrder>().Map(o => o.Id).Map(o => o.Status).Map(o => o.BaseDate);
        var step = new StepBuilder("export").Chunk<MappedOrder>(7)
            .Reader(new ListItemReader<MappedOrder>([.. Enumerable.Range(1, 30).Select(MappedOrder.Sample)]))
            .Writer(ctx => new ParquetItemWriter<MappedOrder>(ctx, new ParquetItemWriterOptions<MappedOrder>
            {
                RootDirectory = _lake.Root,
                Columns = map,
                Partitions = { ParquetPartition<MappedOrder>.Of("day", o => o.BaseDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) },
            }))
            .Build();

        var execution = await new JobLauncher(new InMemoryJobRepository()).RunAsync(new JobBuilder("mapped").Start(step).Build(), JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        var rows = Query(
            "select Id, Status, cast(day as varchar) = cast(BaseDate as varchar) from read_parquet('{files}', hive_partitioning = true) order by Id",
            r => (r.GetInt64(0), r.GetString(1), r.GetBoolean(2)));
        rows.Should().Equal(Enumerable.Range(1, 30).Select(i => ((long)i, ((OrderStatus)(i % 3)).ToString(), true)));
    }

    [Test]
    public async Task A_decimal_with_more_digits_than_its_column_fails_the_chunk_naming_column_and_property_and_leaves_no_file()
    {
        var map = new ParquetColumnMap<MappedOrder>().Map(o => o.Id).Map(o => o.Price, c => c.Decimal(4, 2));

        var act = () => WriteAsync(map, 25);

        (await act.Should().ThrowAsync<ParquetValueException>())
            .WithMessage("Column 'Price' (MappedOrder.Price) is DECIMAL(4, 2), but item 10 of the file holds 102.50, which does not fit*")
            .Which.Column.Should().Be("Price");
        _lake.Files("*").Should().BeEmpty();
    }

    [Test]
    public async Task A_decimal_with_more_fraction_digits_than_the_scale_is_refused_instead_of_cut()
    {
        var map = new ParquetColumnMap<MappedOrder>().Map(o => o.Discount, c => c.Decimal(5, 2));

        var act = () => WriteAsync(map, 1);

        await act.Should().ThrowAsync<ParquetValueException>().WithMessage("*'Discount'*DECIMAL(5, 2)*holds 0.125*");
    }

    [Test]
    public async Task A_null_in_a_required_column_fails_naming_the_column_the_property_and_the_item()
    {
        var map = new ParquetColumnMap<MappedOrder>().Map(o => o.Note, c => c.Required());

        var act = () => WriteAsync(map, 5);

        await act.Should().ThrowAsync<ParquetValueException>()
            .WithMessage("Column 'Note' (MappedOrder.Note) is required, but item 3 of the file has no value*Nullable()*");
    }

    [TestCase("object")]
    [TestCase("class")]
    public void A_property_of_an_unsupported_type_is_refused_when_mapped_with_its_name(string which)
    {
        var map = new ParquetColumnMap<MappedOrder>();

        Action act = which == "object" ? () => map.Map(o => o.Untyped) : () => map.Map(o => o.Parent);

        act.Should().Throw<ArgumentException>()
            .WithMessage($"MappedOrder.{(which == "object" ? "Untyped is Object" : "Parent is MappedOrder")}, which a Parquet column cannot hold*");
    }

    [Test]
    public void Settings_that_do_not_fit_the_property_type_are_refused_naming_the_property()
    {
        var map = new ParquetColumnMap<MappedOrder>();

        map.Invoking(m => m.Map(o => o.Quantity, c => c.Decimal(10, 2))).Should().Throw<ArgumentException>().WithMessage("*MappedOrder.Quantity, which is Int32, not a decimal*");
        map.Invoking(m => m.Map(o => o.BaseDate, c => c.WithoutTimeZone())).Should().Throw<ArgumentException>().WithMessage("*MappedOrder.BaseDate*not a DateTime or DateTimeOffset*");
        map.Invoking(m => m.Map(o => o.Id, c => c.EnumAsNumber())).Should().Throw<ArgumentException>().WithMessage("*MappedOrder.Id*not an enum*");
        map.Invoking(m => m.Map(o => o.Price, c => c.Decimal(40, 2))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*precision is 1 to 38*");
        map.Count.Should().Be(0);
    }

    [Test]
    public void A_column_name_taken_twice_and_an_unnamed_expression_are_refused()
    {
        var map = new ParquetColumnMap<MappedOrder>().Map(o => o.Id, c => c.Named("id"));

        map.Invoking(m => m.Map(o => o.Quantity, c => c.Named("ID"))).Should().Throw<ArgumentException>().WithMessage("Column 'ID' (MappedOrder.Quantity) is mapped twice*");
        map.Invoking(m => m.Map(o => o.Quantity * 2)).Should().Throw<ArgumentException>().WithMessage("*is not a property, so it has no name*Named*");
    }

    [Test]
    public void Options_with_both_a_serializer_and_a_column_map_are_refused()
    {
        var options = new ParquetItemWriterOptions<MappedOrder>
        {
            RootDirectory = _lake.Root,
            Columns = new ParquetColumnMap<MappedOrder>().Map(o => o.Id),
            Serializer = (_, _, _) => Task.CompletedTask,
        };

        var act = () => new ParquetItemWriter<MappedOrder>(null!, options);

        act.Should().Throw<ArgumentException>().WithMessage("*both Serializer and Columns*");
    }

    private static ParquetColumnMap<MappedOrder> Map() => new ParquetColumnMap<MappedOrder>()
        .Map(o => o.Id, c => c.Named("order_id"))
        .Map(o => o.Customer, c => c.Named("customer"))
        .Map(o => o.Note, c => c.Named("note"))
        .Map(o => o.Price, c => c.Named("price").Decimal(12, 2))
        .Map(o => o.Discount, c => c.Named("discount").Decimal(5, 3))
        .Map(o => o.BaseDate, c => c.Named("base_date"))
        .Map(o => o.CreatedAt, c => c.Named("created_at"))
        .Map(o => o.ShippedAt, c => c.Named("shipped_at"))
        .Map(o => o.LocalPickup, c => c.Named("local_pickup").WithoutTimeZone())
        .Map(o => o.Status, c => c.Named("status"))
        .Map(o => o.Previous, c => c.Named("previous"))
        .Map(o => o.Status, c => c.Named("status_code").EnumAsNumber())
        .Map(o => o.Key, c => c.Named("key"))
        .Map(o => o.Active)
        .Map(o => o.Quantity)
        .Map(o => o.Weight)
        .Map(o => o.Payload, c => c.Named("payload"))
        .Map(o => o.Customer.Length, c => c.Named("customer_length"));

    /// <summary>A value of DuckDB.NET as the test compares it: a BLOB's bytes, an instant as microseconds since the epoch.</summary>
    private static object Comparable(object value)
    {
        switch (value)
        {
            case Stream blob:
                using (var copy = new MemoryStream())
                {
                    blob.CopyTo(copy);
                    return copy.ToArray();
                }

            case DateTimeOffset instant:
                return Micros(instant.UtcDateTime);
            case DateTime instant:
                return Micros(instant);
            default:
                return value;
        }
    }

    private static long Micros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;

    /// <summary>Writes items 1..count in one chunk of a one-step job through the mapped writer; throws what the step failed with.</summary>
    private async Task WriteAsync(ParquetColumnMap<MappedOrder> map, int count)
    {
        var step = new StepBuilder("export").Chunk<MappedOrder>(100)
            .Reader(new ListItemReader<MappedOrder>([.. Enumerable.Range(1, count).Select(MappedOrder.Sample)]))
            .Writer(ctx => new ParquetItemWriter<MappedOrder>(ctx, new ParquetItemWriterOptions<MappedOrder> { RootDirectory = _lake.Root, Columns = map }))
            .Build();
        var execution = await new JobLauncher(new InMemoryJobRepository()).RunAsync(new JobBuilder("mapped").Start(step).Build(), JobParameters.Empty, CancellationToken.None);
        if (execution.Status != BatchStatus.Completed)
        {
            throw execution.StepExecutions.SelectMany(s => s.FailureExceptions).Concat(execution.FailureExceptions).First();
        }
    }

    private List<TRow> Query<TRow>(string sql, Func<DuckDBDataReader, TRow> read)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{files}", _lake.Root.Replace("'", "''", StringComparison.Ordinal) + "/**/*.parquet", StringComparison.Ordinal);
        using var reader = command.ExecuteReader();
        var rows = new List<TRow>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>The file read back by Parquet.Net's own serializer, by column name.</summary>
    private sealed class ReadBack
    {
        [JsonPropertyName("order_id")]
        public long OrderId { get; set; }

        [JsonPropertyName("customer")]
        [ParquetRequired]
        public string Customer { get; set; } = string.Empty;

        [JsonPropertyName("note")]
        public string? Note { get; set; }

        [JsonPropertyName("price")]
        public decimal Price { get; set; }

        [JsonPropertyName("discount")]
        public decimal? Discount { get; set; }

        [JsonPropertyName("base_date")]
        public DateOnly BaseDate { get; set; }

        [JsonPropertyName("created_at")]
        public DateTime CreatedAt { get; set; }

        [JsonPropertyName("status")]
        [ParquetRequired]
        public string Status { get; set; } = string.Empty;

        [JsonPropertyName("key")]
        public Guid Key { get; set; }
    }
}
