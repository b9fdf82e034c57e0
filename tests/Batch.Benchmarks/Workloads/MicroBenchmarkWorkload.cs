using Batch.Benchmarks.Micro;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Batch.Benchmarks.Workloads;

/// <summary>Runs the BenchmarkDotNet micro-benchmarks in process and reports the chunk loop's cost and allocations per item.</summary>
internal sealed class MicroBenchmarkWorkload : IWorkload
{
    public string Name => "chunk loop (BenchmarkDotNet)";

    public Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var tiny = settings.Scale < 0.01;
        // ShortRun's three iterations moved the ratio between 0.45 and 1.04 on this noisy 2-core machine: more of them, and the median.
        var job = (tiny ? Job.Dry : Job.ShortRun.WithWarmupCount(6).WithIterationCount(15)).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(tiny ? NullLogger.Instance : ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(settings.WorkDirectory, "bdn"))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<ChunkLoopBenchmarks>(config);
        var checkpoint = BenchmarkRunner.Run<CheckpointBenchmarks>(config);
        double Mean(string method) =>
            checkpoint.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics?.Median ?? double.NaN;
        var plain = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(ChunkLoopBenchmarks.PlainLoop));
        var framework = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(ChunkLoopBenchmarks.ChunkStep));
        var items = (int)framework.BenchmarkCase.Parameters["Items"];
        double PerItem(BenchmarkDotNet.Reports.BenchmarkReport r) => (r.ResultStatistics?.Median ?? double.NaN) / items;
        double BytesPerItem(BenchmarkDotNet.Reports.BenchmarkReport r) => (r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0) / (double)items;
        IReadOnlyList<WorkloadResult> rows =
        [
            WorkloadResult.LowerIsBetter($"chunk loop (BenchmarkDotNet): time per item, {items:N0} items, chunk 1000", "ns/item",
                PerItem(framework), PerItem(plain), 1.2, "median of 15 iterations after 6 warm-ups, in-process; baseline = hand-written loop over the same reader/processor/writer"),
            WorkloadResult.Info("chunk loop (BenchmarkDotNet): bytes allocated per item", "B/item", BytesPerItem(framework), BytesPerItem(plain),
                "< 1 B/item (no per-item allocation)", BytesPerItem(framework) < 1, "per-run and per-chunk allocations spread over the items"),
            WorkloadResult.Info("chunk loop (BenchmarkDotNet): in-memory commit with a changed context vs unchanged", "ns/commit",
                Mean(nameof(CheckpointBenchmarks.CommitWithChangedContext)), Mean(nameof(CheckpointBenchmarks.CommitWithUnchangedContext)),
                "reported (where an in-memory checkpoint spends its time)", null,
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the in-memory repository keeps immutable values as a frozen copy; serialising the same one-entry context to JSON, as the database repositories do: {Mean(nameof(CheckpointBenchmarks.SerializeContext)):0} ns")),
        ];
        return Task.FromResult(rows);
    }
}
