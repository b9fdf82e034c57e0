namespace Batch.Benchmarks.Workloads;

/// <summary>The repositories a workload runs on: the environment variable <c>BATCH_BENCH_BACKENDS</c> (for example <c>Sqlite,Postgres</c>), else the workload's own list.</summary>
internal static class SelectedBackends
{
    public static List<Backend> Read(string defaults, bool databasesOnly = false) =>
        [.. (Environment.GetEnvironmentVariable("BATCH_BENCH_BACKENDS") ?? defaults)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => Enum.Parse<Backend>(name, ignoreCase: true))
            .Where(b => !databasesOnly || b != Backend.InMemory)];
}
