using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload 1 — framework overhead: 10M in-memory items, chunk 1000, no-op processor and writer, in-memory
/// repository; against a plain loop that calls the same reader, processor and writer. Goal ≤ 1.2× the loop's time,
/// and no allocation per item beyond the item itself (ints: none).
/// </summary>
internal sealed class FrameworkOverheadWorkload : IWorkload
{
    private const int ChunkSize = 1_000;

    public string Name => "framework overhead";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var count = settings.Scaled(10_000_000, ChunkSize);
        var runId = 0L;
        var repository = new InMemoryJobRepository();
        var launcher = new JobLauncher(repository);
        var job = new JobBuilder("overhead")
            .Start(new StepBuilder("loop")
                .Chunk<int, int>(ChunkSize)
                .Reader(_ => new CountingReader(count))
                .Processor(_ => NoOpProcessor.Instance)
                .Writer(_ => NoOpWriter.Instance)
                .Build())
            .Build();

        async Task Framework()
        {
            var execution = await launcher.RunAsync(job, new JobParametersBuilder().AddLong("run", ++runId).Build(), cancellationToken);
            if (execution.Status != BatchStatus.Completed || execution.StepExecutions[0].WriteCount != count)
            {
                throw new InvalidOperationException($"The overhead job did not complete as expected: {execution}");
            }
        }

        Task Baseline() => PlainLoopAsync(count, cancellationToken);

        var (value, baseline) = await Measure.AlternatingAsync(settings.Repetitions, Framework, Baseline);
        var frameworkBytes = await Measure.AllocatedAsync(Framework);
        var baselineBytes = await Measure.AllocatedAsync(Baseline);
        var perItem = (double)(frameworkBytes - baselineBytes) / count;
        var itemsPerSecond = count / value.TotalSeconds;
        var baselinePerSecond = count / baseline.TotalSeconds;
        return
        [
            WorkloadResult.LowerIsBetter($"framework overhead: {count:N0} items, chunk {ChunkSize}, in-memory repository", "s",
                value.TotalSeconds, baseline.TotalSeconds, 1.2,
                $"{itemsPerSecond / 1e6:0.0}M items/s vs {baselinePerSecond / 1e6:0.0}M items/s in the plain loop"),
            WorkloadResult.Info("framework overhead: bytes allocated per item beyond the plain loop", "B/item", Math.Max(0, perItem), null,
                "< 1 B/item (no per-item allocation)", perItem < 1,
                $"{frameworkBytes / 1024.0:0} KiB in total for {count / ChunkSize:N0} chunks (per chunk: checkpoint and context copy)"),
        ];
    }

    /// <summary>The same work without the framework: read, process, collect a chunk, write it — one chunk per call, calling the concrete reader, processor and writer directly (no interfaces), as a hand-written loop would.</summary>
    private static async Task PlainLoopAsync(int count, CancellationToken cancellationToken)
    {
        var reader = new CountingReader(count);
        var chunk = new Chunk<int>(ChunkSize);
        while (await PlainChunkAsync(reader, NoOpProcessor.Instance, NoOpWriter.Instance, chunk, cancellationToken))
        {
        }
    }

    private static async ValueTask<bool> PlainChunkAsync(
        CountingReader reader, NoOpProcessor processor, NoOpWriter writer, Chunk<int> chunk, CancellationToken cancellationToken)
    {
        chunk.Clear();
        for (var i = 0; i < ChunkSize; i++)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (!read.HasItem)
            {
                break;
            }

            var processed = await processor.ProcessAsync(read.Item, cancellationToken);
            if (processed.HasItem)
            {
                chunk.Add(processed.Item);
            }
        }

        if (chunk.Count == 0)
        {
            return false;
        }

        await writer.WriteAsync(chunk, cancellationToken);
        return chunk.Count == ChunkSize;
    }

    private sealed class CountingReader(int count) : IItemReader<int>
    {
        private int _next;

        public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken) =>
            _next < count ? new(new ItemResult<int>(_next++)) : new(ItemResult<int>.None);
    }

    private sealed class NoOpProcessor : IItemProcessor<int, int>
    {
        public static readonly NoOpProcessor Instance = new();

        public ValueTask<ItemResult<int>> ProcessAsync(int item, CancellationToken cancellationToken) => new(new ItemResult<int>(item));
    }

    private sealed class NoOpWriter : IItemWriter<int>
    {
        public static readonly NoOpWriter Instance = new();

        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
