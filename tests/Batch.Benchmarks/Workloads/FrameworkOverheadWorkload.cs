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
                .Reader(_ => new PlainLoop.CountingReader(count))
                .Processor(_ => PlainLoop.NoOpProcessor.Instance)
                .Writer(_ => PlainLoop.NoOpWriter.Instance)
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

        Task Baseline() => PlainLoop.RunAsync(count, ChunkSize, cancellationToken);

        var (value, baseline) = await Measure.AlternatingAsync(settings.Repetitions, Framework, Baseline);
        var (observed, unobserved) = await Measure.AlternatingAsync(settings.Repetitions, () => TelemetryListeners.WhileListeningAsync(Framework), Framework);
        var (floor, plain) = await Measure.AlternatingAsync(
            settings.Repetitions, () => TelemetryListeners.WhileListeningAsync(() => TelemetryFloor.RunAsync(count, ChunkSize, cancellationToken)), Baseline);
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
            WorkloadResult.LowerIsBetter("framework overhead: the same job with its metrics and traces listened to (every Batch instrument and activity)", "s",
                observed.TotalSeconds, unobserved.TotalSeconds, 1.02,
                $"a MeterListener on every instrument of the Batch meter and an ActivityListener recording every activity, against no listener; " +
                $"{(observed - unobserved).TotalNanoseconds / (count / ChunkSize):0} ns per chunk"),
            WorkloadResult.Info("framework overhead: the floor of that cost, the plain loop with one activity and two histogram records per chunk, listened to the same way", "s",
                floor.TotalSeconds, plain.TotalSeconds, "for reading the row above", null,
                $"{(floor - plain).TotalNanoseconds / (count / ChunkSize):0} ns per chunk that any per-chunk span and chunk histograms cost, framework or not; " +
                "the row above's goal cannot be met on 5 µs no-op chunks while it asks for an activity per chunk"),
            WorkloadResult.Info("framework overhead: bytes allocated per item beyond the plain loop", "B/item", Math.Max(0, perItem), null,
                "< 1 B/item (no per-item allocation)", perItem < 1,
                $"{frameworkBytes / 1024.0:0} KiB in total for {count / ChunkSize:N0} chunks, {(double)frameworkBytes / (count / ChunkSize):0} B per chunk (launch, step and repository records included)"),
        ];
    }
}
