using Batch.Items;
using Batch.Jobs;
using Batch.Partitioning;
using Batch.Steps;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// The job of the remote-partitions workload: the keys 1..keys (a job parameter) in 16 ranges, each a chunk step whose processor
/// waits <see cref="ItemWait"/> per item (a sleep standing in for a slow database or service), written nowhere (the
/// checkpoint still commits to the PostgreSQL job repository per chunk). Remote (worker processes) or local with one thread.
/// </summary>
internal static class RemotePartitionsJob
{
    public const string Name = "remote-partitions";
    public const int Ranges = 16;
    public const int ChunkSize = 10;
    public static readonly TimeSpan ItemWait = TimeSpan.FromMilliseconds(2);

    public static IJob Build(bool remote)
    {
        var worker = new StepBuilder("work")
            .Chunk<long>(ChunkSize)
            .Reader(ctx => new ListItemReader<long>(Keys(ctx.ExecutionContext.GetLong("minValue"), ctx.ExecutionContext.GetLong("maxValue"))))
            .Processor(async (key, ct) =>
            {
                await Task.Delay(ItemWait, ct);
                return ItemResult<long>.Of(key);
            })
            .Writer(new NoWriter())
            .Build();
        var partitioner = new KeyRangePartitioner((ctx, _) => ValueTask.FromResult((1L, ctx.JobParameters.GetLong("keys")))) { Ranges = Ranges };
        var manager = new StepBuilder("spread").Partitioner(partitioner).Step(worker).GridSize(1);
        if (remote)
        {
            manager.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(50));
        }

        return new JobBuilder(Name).Start(manager.Build()).Build();
    }

    private static List<long> Keys(long min, long max)
    {
        var keys = new List<long>();
        for (var k = min; k <= max; k++)
        {
            keys.Add(k);
        }

        return keys;
    }

    private sealed class NoWriter : IItemWriter<long>
    {
        public ValueTask WriteAsync(Chunk<long> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
