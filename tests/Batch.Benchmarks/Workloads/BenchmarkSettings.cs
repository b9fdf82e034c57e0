namespace Batch.Benchmarks.Workloads;

/// <summary>How big and how often: <see cref="Scale"/> 1.0 is the documented size; the smoke test uses a tiny scale and one repetition.</summary>
internal sealed record BenchmarkSettings(double Scale, int Repetitions, string WorkDirectory, string? PostgresConnectionString)
{
    /// <summary>Scales a documented count, keeping at least <paramref name="minimum"/>.</summary>
    public int Scaled(int count, int minimum = 1) => Math.Max(minimum, (int)(count * Scale));
}
