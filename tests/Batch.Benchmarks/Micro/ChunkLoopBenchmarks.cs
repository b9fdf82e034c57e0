using BenchmarkDotNet.Attributes;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Benchmarks.Micro;

/// <summary>
/// The chunk loop per item, measured by BenchmarkDotNet with its memory diagnoser: a chunk step over
/// <see cref="Items"/> ints (chunk 1000, no-op processor and writer, in-memory repository) against a
/// hand-written loop calling the same reader, processor and writer directly.
/// </summary>
[MemoryDiagnoser]
public class ChunkLoopBenchmarks
{
    private const int ChunkSize = 1_000;
    private JobLauncher _launcher = null!;
    private IJob _job = null!;
    private long _run;

    /// <summary>Items per operation.</summary>
    [Params(100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _launcher = new JobLauncher(new InMemoryJobRepository());
        _job = new JobBuilder("micro")
            .Start(new StepBuilder("loop")
                .Chunk<int, int>(ChunkSize)
                .Reader(_ => new CountingReader(Items))
                .Processor(_ => NoOpProcessor.Instance)
                .Writer(_ => NoOpWriter.Instance)
                .Build())
            .Build();
    }

    [Benchmark(Baseline = true)]
    public async Task PlainLoop()
    {
        var reader = new CountingReader(Items);
        var chunk = new Chunk<int>(ChunkSize);
        while (await PlainChunkAsync(reader, chunk))
        {
        }
    }

    [Benchmark]
    public async Task ChunkStep()
    {
        var execution = await _launcher.RunAsync(_job, new JobParametersBuilder().AddLong("run", ++_run).Build(), CancellationToken.None);
        if (execution.Status != BatchStatus.Completed)
        {
            throw new InvalidOperationException(execution.ToString());
        }
    }

    private static async ValueTask<bool> PlainChunkAsync(CountingReader reader, Chunk<int> chunk)
    {
        chunk.Clear();
        for (var i = 0; i < ChunkSize; i++)
        {
            var read = await reader.ReadAsync(CancellationToken.None);
            if (!read.HasItem)
            {
                break;
            }

            var processed = await NoOpProcessor.Instance.ProcessAsync(read.Item, CancellationToken.None);
            if (processed.HasItem)
            {
                chunk.Add(processed.Item);
            }
        }

        if (chunk.Count == 0)
        {
            return false;
        }

        await NoOpWriter.Instance.WriteAsync(chunk, CancellationToken.None);
        return chunk.Count == ChunkSize;
    }

    internal sealed class CountingReader(int count) : IItemReader<int>
    {
        private int _next;

        public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken) =>
            _next < count ? new(new ItemResult<int>(_next++)) : new(ItemResult<int>.None);
    }

    internal sealed class NoOpProcessor : IItemProcessor<int, int>
    {
        public static readonly NoOpProcessor Instance = new();

        public ValueTask<ItemResult<int>> ProcessAsync(int item, CancellationToken cancellationToken) => new(new ItemResult<int>(item));
    }

    internal sealed class NoOpWriter : IItemWriter<int>
    {
        public static readonly NoOpWriter Instance = new();

        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
