using Batch.Infrastructure.Database;
using Batch.Infrastructure.Parquet;
using Npgsql;
using Parquet.Schema;
using Samples.Collector.Collect;

namespace Batch.Samples.Collector.Tests;

/// <summary>What the collector added to the library, pinned on its own: the refusals and the checksum's order independence.</summary>
public sealed class LibraryAdditionTests
{
    [Test]
    public async Task The_external_copy_writer_refuses_the_fail_mode_because_a_restart_can_write_a_chunk_again()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=x;Username=y");
        var create = () => new ExternalPostgresCopyItemWriter<long>(dataSource, new PostgresCopyWriterOptions<long>
        {
            Table = "t",
            Columns = ["id"],
            WriteRow = (_, _, _) => Task.CompletedTask,
        });

        create.Should().Throw<ArgumentException>().WithMessage("*OnDuplicateKey to Ignore*");
    }

    [Test]
    public void The_row_serializer_refuses_a_field_type_it_cannot_write_naming_the_field()
    {
        var schema = new ParquetSchema(new DataField("tags", typeof(int), isArray: true));

        var create = () => ParquetRowSerializer.For(schema);

        create.Should().Throw<ArgumentException>().WithMessage("*'tags'*");
    }

    [Test]
    public void The_checksum_does_not_depend_on_row_order_or_on_integer_width_or_trailing_zeros()
    {
        var a = new RowChecksum();
        a.Add([1L, "x", 1.50m, null]);
        a.Add([2L, "y", 2m, new DateTime(2026, 12, 1)]);
        var b = new RowChecksum();
        b.Add([2, "y", 2.000m, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)]);
        b.Add([(short)1, "x", 1.5m, null]);
        var c = new RowChecksum();
        c.Add([1L, "x", 1.50m, "\u0000null"]);
        c.Add([2L, "y", 2m, new DateTime(2026, 12, 1)]);

        b.ToSide().Should().Be(a.ToSide());
        c.Value.Should().NotBe(a.Value, "a null is not any text");
    }
}
