using System.Diagnostics;

namespace Batch.Benchmarks.Workloads;

/// <summary>Times alternating runs of two variants and keeps the median of each, so machine noise hits both alike.</summary>
internal static class Measure
{
    /// <summary>How long the untimed warm-up lasts at least (unless <see cref="MaxWarmUpRuns"/> come first).</summary>
    public static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(2);

    /// <summary>The most untimed runs of each variant before the timed ones.</summary>
    public const int MaxWarmUpRuns = 15;

    /// <summary>
    /// Warms both variants up (the baseline first in each round), then times <paramref name="repetitions"/> alternating runs of each and returns the medians.
    /// The warm-up lasts at least one run of each and at least <see cref="WarmUpTime"/> (at most <see cref="MaxWarmUpRuns"/> runs each):
    /// .NET compiles hot methods in tiers (quick code first, optimised code after ~30 calls and a 100 ms quiet period, then
    /// again with profile data), and a run of a tenth of a second otherwise measures the quick code. Both variants get the
    /// same warm-up, so the ratio compares the steady state, as a job that runs for minutes sees it.
    /// </summary>
    public static async Task<(TimeSpan Value, TimeSpan Baseline)> AlternatingAsync(int repetitions, Func<Task> value, Func<Task> baseline)
    {
        var medians = await AlternatingAsync(repetitions, [baseline, value]);
        return (medians[1], medians[0]);
    }

    /// <summary>Like the two-variant form, for any number of variants run in turn; returns their medians in the same order.</summary>
    public static async Task<TimeSpan[]> AlternatingAsync(int repetitions, IReadOnlyList<Func<Task>> variants)
    {
        var warmUp = Stopwatch.StartNew();
        for (var run = 0; run == 0 || (warmUp.Elapsed < WarmUpTime && run < MaxWarmUpRuns); run++)
        {
            foreach (var variant in variants)
            {
                await variant();
            }
        }

        var times = variants.Select(_ => new List<TimeSpan>()).ToArray();
        for (var i = 0; i < repetitions; i++)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                times[v].Add(await TimeAsync(variants[v]));
            }
        }

        return times.Select(Median).ToArray();
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

    /// <summary>The median of some measurements (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }
}
