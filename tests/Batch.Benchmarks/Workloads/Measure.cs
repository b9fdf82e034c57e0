using System.Diagnostics;

namespace Batch.Benchmarks.Workloads;

/// <summary>Times alternating runs of two variants and keeps the median of each, so machine noise hits both alike.</summary>
internal static class Measure
{
    public static async Task<(TimeSpan Value, TimeSpan Baseline)> AlternatingAsync(int repetitions, Func<Task> value, Func<Task> baseline)
    {
        // One untimed warm-up of each, so JIT tiering and caches are the same for both.
        await baseline();
        await value();
        var values = new List<TimeSpan>();
        var baselines = new List<TimeSpan>();
        for (var i = 0; i < repetitions; i++)
        {
            baselines.Add(await TimeAsync(baseline));
            values.Add(await TimeAsync(value));
        }

        return (Median(values), Median(baselines));
    }

    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }

    /// <summary>Bytes allocated (by all threads) while running the action.</summary>
    public static async Task<long> AllocatedAsync(Func<Task> action)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }
}
