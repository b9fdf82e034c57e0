using System.Diagnostics;

namespace Batch.Benchmarks.Workloads;

/// <summary>What one timed block of operations cost per operation: wall time, this process's CPU, and thread-pool work items.</summary>
internal readonly record struct BlockCost(double WallMs, double CpuMs, double WorkItems)
{
    /// <summary>Runs <paramref name="block"/> (which does <paramref name="operations"/> operations) once and returns its cost per operation.</summary>
    public static async Task<BlockCost> MeasureAsync(Func<Task> block, int operations)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var workItems = ThreadPool.CompletedWorkItemCount;
        var clock = Stopwatch.StartNew();
        await block();
        var wall = clock.Elapsed;
        process.Refresh();
        return new(
            wall.TotalMilliseconds / operations,
            (process.TotalProcessorTime - cpu).TotalMilliseconds / operations,
            (double)(ThreadPool.CompletedWorkItemCount - workItems) / operations);
    }
}
