using BenchmarkDotNet.Attributes;
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
    private IJob _job = null!;

    /// <summary>Items per operation.</summary>
    [Params(100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _job = new JobBuilder("micro")
            .Start(new StepBuilder("loop")
                .Chunk<int, int>(ChunkSize)
                .Reader(_ => new Workloads.PlainLoop.CountingReader(Items))
                .Processor(_ => Workloads.PlainLoop.NoOpProcessor.Instance)
                .Writer(_ => Workloads.PlainLoop.NoOpWriter.Instance)
                .Build())
            .Build();
    }

    [Benchmark(Baseline = true)]
    public Task PlainLoop() => Workloads.PlainLoop.RunAsync(Items, ChunkSize, CancellationToken.None);

    [Benchmark]
    public async Task ChunkStep()
    {
        // A fresh repository per run: one kept across the thousands of runs BenchmarkDotNet makes grows without bound,
        // and the garbage collector's growing work then shows up as time per item.
        var execution = await new JobLauncher(new InMemoryJobRepository()).RunAsync(_job, JobParameters.Empty, CancellationToken.None);
        if (execution.Status != BatchStatus.Completed)
        {
            throw new InvalidOperationException(execution.ToString());
        }
    }
}
