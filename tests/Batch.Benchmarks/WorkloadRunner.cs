using Batch.Benchmarks.Workloads;

namespace Batch.Benchmarks;

/// <summary>Runs the workloads in order and collects their rows.</summary>
internal static class WorkloadRunner
{
    public static IReadOnlyList<IWorkload> All(Databases? databases = null) =>
    [
        new FrameworkOverheadWorkload(),
        new MicroBenchmarkWorkload(),
        new CheckpointCostWorkload(databases!),
        new LaunchWorkload(databases!),
        new HistoryWorkload(databases!),
        new CsvParserWorkload(),
        new CsvToPostgresWorkload(databases!),
        new BulkFileWorkload(databases!),
        new ScalingWorkload(),
        new RemotePartitionsWorkload(databases!),
        new DashboardWorkload(databases!),
        new PassJobsWorkload(databases!),
        new CollectorWorkload(databases!),
    ];

    public static async Task<IReadOnlyList<WorkloadResult>> RunAsync(double scale, int repetitions, string? only, TextWriter log, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("batch-bench-");
        var databases = new Databases(work.FullName);
        try
        {
            var settings = new BenchmarkSettings(scale, repetitions, work.FullName, Environment.GetEnvironmentVariable("BATCH_TEST_POSTGRES"));
            var results = new List<WorkloadResult>();
            foreach (var workload in All(databases).Where(w => only is null || w.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
            {
                await log.WriteLineAsync($"running: {workload.Name} (scale {scale})");
                var rows = await workload.RunAsync(settings, cancellationToken);
                foreach (var row in rows)
                {
                    await log.WriteLineAsync($"  {row.Name}: {row.Value} {row.Unit} (baseline {row.Baseline}, ratio {row.Ratio}, goal {row.Goal}: {row.GoalMet})");
                }

                results.AddRange(rows);
            }

            return results;
        }
        finally
        {
            await databases.DisposeAsync();
            work.Delete(recursive: true);
        }
    }
}
