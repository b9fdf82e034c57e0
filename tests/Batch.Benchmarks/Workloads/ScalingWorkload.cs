using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Issue 13's scaling on one machine, in-memory repository so only the step's own overlap is measured:
/// a CPU-bound processor over 1M items with <c>Threads(2)</c> against the plain (one-thread) step (goal ≥ 1.7× on
/// 2 cores), and a processor that waits 10 ms per item (a slow service) with <c>ProcessConcurrently(32)</c> against the
/// plain step (goal ≥ 20×). Both variants of each pair run the same reader, processor and writer, alternately.
/// </summary>
internal sealed class ScalingWorkload : IWorkload
{
    private const int ChunkSize = 1_000;
    private const int SlowChunkSize = 100;
    private const int WorkIterations = 400;

    public string Name => "scaling";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var count = settings.Scaled(1_000_000, ChunkSize);
        var launcher = new JobLauncher(new InMemoryJobRepository());
        var runId = 0L;

        async Task Run(IStep step, long expected)
        {
            var execution = await launcher.RunAsync(
                new JobBuilder("scaling").Start(step).Build(), new JobParametersBuilder().AddLong("run", ++runId).Build(), cancellationToken);
            if (execution.Status != BatchStatus.Completed || execution.StepExecutions[0].WriteCount != expected)
            {
                throw new InvalidOperationException($"The scaling job did not complete as expected: {execution} {execution.ExitStatus}");
            }
        }

        ChunkStepBuilder<int, long> CpuStep(string name, int chunkSize, int items) =>
            new StepBuilder(name).Chunk<int, long>(chunkSize)
                .Reader(_ => new PlainLoop.CountingReader(items))
                .Processor((n, _) => ValueTask.FromResult(ItemResult<long>.Of(Work(n))))
                .Writer(_ => new SumWriter());

        var (threaded, single) = await Measure.AlternatingAsync(
            settings.Repetitions,
            () => Run(CpuStep("threads", ChunkSize, count).Threads(2).Build(), count),
            () => Run(CpuStep("plain", ChunkSize, count).Build(), count));
        var cpuSpeedUp = single.TotalSeconds / threaded.TotalSeconds;

        var slowCount = settings.Scaled(400, SlowChunkSize);
        ChunkStepBuilder<int, long> SlowStep(string name) =>
            new StepBuilder(name).Chunk<int, long>(SlowChunkSize)
                .Reader(_ => new PlainLoop.CountingReader(slowCount))
                .Processor(async (n, ct) =>
                {
                    await Task.Delay(10, ct);
                    return ItemResult<long>.Of(n);
                })
                .Writer(_ => new SumWriter());
        var (concurrent, plain) = await Measure.AlternatingAsync(
            settings.Repetitions,
            () => Run(SlowStep("concurrent").ProcessConcurrently(32).Build(), slowCount),
            () => Run(SlowStep("plain").Build(), slowCount));
        var slowSpeedUp = plain.TotalSeconds / concurrent.TotalSeconds;

        return
        [
            WorkloadResult.Info($"scaling: CPU-bound processor, {count:N0} items, chunk {ChunkSize}, Threads(2) vs the plain step (speed-up)", "x",
                cpuSpeedUp, null, ">= 1.7x on 2 cores", cpuSpeedUp >= 1.7,
                $"{threaded.TotalSeconds:0.00} s vs {single.TotalSeconds:0.00} s ({Environment.ProcessorCount} cores)"),
            WorkloadResult.Info($"scaling: processor waiting 10 ms per item, {slowCount:N0} items, chunk {SlowChunkSize}, ProcessConcurrently(32) vs the plain step (speed-up)", "x",
                slowSpeedUp, null, ">= 20x", slowSpeedUp >= 20,
                $"{concurrent.TotalSeconds:0.00} s vs {plain.TotalSeconds:0.00} s"),
        ];
    }

    /// <summary>A few hundred rounds of xorshift: about a microsecond of pure CPU per item.</summary>
    private static long Work(int n)
    {
        var x = (ulong)n + 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < WorkIterations; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }

        return (long)x;
    }

    /// <summary>Adds up what it writes, so the processor's work is used.</summary>
    private sealed class SumWriter : IItemWriter<long>
    {
        public long Sum { get; private set; }

        public ValueTask WriteAsync(Chunk<long> chunk, CancellationToken cancellationToken)
        {
            foreach (var value in chunk)
            {
                Sum += value;
            }

            return ValueTask.CompletedTask;
        }
    }
}
