using Batch.Items;
using Batch.Jobs;
using Batch.Partitioning;
using Batch.Steps;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// The partitioned test job: step "load" splits the keys 1..keys into ranges, each run by the chunk step "loadRange" (a
/// restartable range reader, a processor that fails on poisoned keys, the writer the caller gives), locally or by workers.
/// </summary>
internal static class PartitionedJob
{
    public const string JobName = "partitioned";
    public const string ManagerStep = "load";
    public const string WorkerStep = "loadRange";

    public static IJob Build(
        Func<StepContext, IItemWriter<int>> writer, int keys, int ranges, int chunk, bool remote, int gridSize = 4, ISet<int>? poisoned = null,
        Action<StepContext>? onOpen = null)
    {
        var worker = new StepBuilder(WorkerStep)
            .Chunk<int>(chunk)
            .Reader(ctx =>
            {
                onOpen?.Invoke(ctx);
                return new RangeReader(ctx.ExecutionContext.GetLong("minValue"), ctx.ExecutionContext.GetLong("maxValue"));
            })
            .Processor((n, _) => poisoned is not null && poisoned.Contains(n)
                ? throw new InvalidOperationException($"key {n} is poisoned")
                : ValueTask.FromResult(ItemResult<int>.Of(n)))
            .Writer(writer)
            .Build();
        var manager = new StepBuilder(ManagerStep).Partitioner(new KeyRangePartitioner(1, keys) { Ranges = ranges }).Step(worker).GridSize(gridSize);
        if (remote)
        {
            manager.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(100));
        }

        return new JobBuilder(JobName).Start(manager.Build()).Build();
    }

    /// <summary>Reads the keys min..max, restartable from the next key after the last committed chunk.</summary>
    private sealed class RangeReader(long min, long max) : IItemReader<int>, IItemStream
    {
        private long _next;

        public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(_next > max ? ItemResult<int>.None : ItemResult<int>.Of((int)_next++));

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
        {
            _next = executionContext.GetLong("range.next", min);
            return ValueTask.CompletedTask;
        }

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
        {
            executionContext.Put("range.next", _next);
            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
