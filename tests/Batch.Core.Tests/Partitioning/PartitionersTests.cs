using Batch.Partitioning;

namespace Batch.Core.Tests.Partitioning;

public class PartitionersTests
{
    [Test]
    public async Task A_key_range_is_split_into_contiguous_inclusive_ranges_that_cover_it_exactly()
    {
        var partitions = await new KeyRangePartitioner(1, 10).PartitionAsync(null!, 3, CancellationToken.None);

        partitions.Select(p => p.Name).Should().Equal("range0", "range1", "range2");
        partitions.Select(p => (p.Context.GetLong("minValue"), p.Context.GetLong("maxValue"))).Should().Equal((1L, 4L), (5L, 7L), (8L, 10L));
    }

    [Test]
    public async Task A_key_range_narrower_than_the_grid_gets_one_partition_per_key_and_an_empty_range_none()
    {
        var narrow = await new KeyRangePartitioner(5, 6).PartitionAsync(null!, 8, CancellationToken.None);
        var empty = await new KeyRangePartitioner(7, 6).PartitionAsync(null!, 8, CancellationToken.None);

        narrow.Select(p => (p.Context.GetLong("minValue"), p.Context.GetLong("maxValue"))).Should().Equal((5L, 5L), (6L, 6L));
        empty.Should().BeEmpty();
    }

    [Test]
    public async Task The_whole_range_of_long_splits_without_overflow_and_names_sort_in_order()
    {
        var partitions = await new KeyRangePartitioner(long.MinValue, long.MaxValue) { Ranges = 12 }.PartitionAsync(null!, 2, CancellationToken.None);

        partitions.Should().HaveCount(12);
        partitions[0].Context.GetLong("minValue").Should().Be(long.MinValue);
        partitions[^1].Context.GetLong("maxValue").Should().Be(long.MaxValue);
        partitions.Select(p => p.Name).Should().BeInAscendingOrder(StringComparer.Ordinal).And.StartWith("range00");
        for (var i = 1; i < partitions.Count; i++)
        {
            partitions[i].Context.GetLong("minValue").Should().Be(partitions[i - 1].Context.GetLong("maxValue") + 1);
        }
    }

    [Test]
    public async Task A_list_partitioner_makes_one_partition_per_value_named_after_it()
    {
        var partitions = await new ListPartitioner("table", ["T_ORDER", "T_CUSTOMER"]).PartitionAsync(null!, 4, CancellationToken.None);

        partitions.Select(p => (p.Name, p.Context.GetString("table"))).Should().Equal(("T_ORDER", "T_ORDER"), ("T_CUSTOMER", "T_CUSTOMER"));
    }
}
