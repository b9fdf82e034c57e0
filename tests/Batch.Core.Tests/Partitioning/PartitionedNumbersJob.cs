using System.Collections.Concurrent;
using Batch.Items;
using Batch.Jobs;
using Batch.Partitioning;
using Batch.Steps;

namespace Batch.Core.Tests.Partitioning;

/// <summary>
/// A job whose step "load" splits the keys 1..1000 into ten ranges of 100, each run by the chunk step "worker" (chunks of 10)
/// through a processor that fails on poisoned keys. It records which partitions opened a reader and every item written.
/// </summary>
internal sealed class PartitionedNumbersJob
{
    public ConcurrentDictionary<string, int> Opens { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<int> Written { get; } = new();

    /// <summary>Keys the processor fails on (changed between runs only).</summary>
    public HashSet<int> Poisoned { get; } = [];

    public IJob Build(int gridSize = 4, Action<PartitionStepBuilder>? configure = null)
    {
        var worker = new StepBuilder("worker")
            .Chunk<int>(10)
            .Reader(ctx =>
            {
                Opens.AddOrUpdate(ctx.StepExecution.StepName, 1, (_, n) => n + 1);
                return new RangeReader(ctx.ExecutionContext.GetLong("minValue"), ctx.ExecutionContext.GetLong("maxValue"));
            })
            .Processor((n, _) => Poisoned.Contains(n) ? throw new InvalidOperationException($"key {n} is poisoned") : ValueTask.FromResult(ItemResult<int>.Of(n)))
            .Writer(new QueueWriter(Written))
            .Build();
        var builder = new StepBuilder("load").Partitioner(new KeyRangePartitioner(1, 1000) { Ranges = 10 }).Step(worker).GridSize(gridSize);
        configure?.Invoke(builder);
        return new JobBuilder("partitioned").Start(builder.Build()).Build();
    }

    private sealed class QueueWriter(ConcurrentQueue<int> written) : IItemWriter<int>
    {
        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                written.Enqueue(chunk[i]);
            }

            return ValueTask.CompletedTask;
        }
    }
}
