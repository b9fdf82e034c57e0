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

    /// <summary>When set, the first partition to reach this many committed chunks blocks in its next write (until cancelled) and completes <see cref="Holding"/>.</summary>
    public int? HoldAfterChunks { get; set; }

    /// <summary>Completed with the step execution name of the partition that holds.</summary>
    public TaskCompletionSource<string> Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
            .Writer(ctx => new QueueWriter(this, ctx.StepExecution.StepName))
            .Build();
        var builder = new StepBuilder("load").Partitioner(new KeyRangePartitioner(1, 1000) { Ranges = 10 }).Step(worker).GridSize(gridSize);
        configure?.Invoke(builder);
        return new JobBuilder("partitioned").Start(builder.Build()).Build();
    }

    private sealed class QueueWriter(PartitionedNumbersJob job, string stepName) : IItemWriter<int>
    {
        private int _chunks;

        public async ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            if (job.HoldAfterChunks == _chunks++ && job.Holding.TrySetResult(stepName))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            for (var i = 0; i < chunk.Count; i++)
            {
                job.Written.Enqueue(chunk[i]);
            }
        }
    }
}
