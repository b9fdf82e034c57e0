using System.Diagnostics;
using System.Diagnostics.Metrics;
using Batch.Diagnostics;

namespace Batch.Engine;

/// <summary>The meter, the activity source and the instruments of <see cref="BatchTelemetry"/>.</summary>
internal static class Telemetry
{
    private static readonly string? Version = typeof(Telemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(BatchTelemetry.Name, Version);

    public static readonly Meter Meter = new(BatchTelemetry.Name, Version);

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("batch.job", "s", "Duration of job executions");

    public static readonly UpDownCounter<long> ActiveJobs = Meter.CreateUpDownCounter<long>("batch.job.active", "{execution}", "Job executions running in this process");

    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("batch.step", "s", "Duration of step executions");

    public static readonly UpDownCounter<long> ActiveSteps = Meter.CreateUpDownCounter<long>("batch.step.active", "{execution}", "Step executions running in this process");

    public static readonly Histogram<double> ChunkDuration = Meter.CreateHistogram<double>("batch.chunk", "s", "Duration of chunks: read, process, write and commit");

    public static readonly Histogram<double> CommitLatency = Meter.CreateHistogram<double>("batch.chunk.commit", "s", "Latency of the checkpoint commit of chunks");

    public static readonly ObservableCounter<long> ItemsRead = Meter.CreateObservableCounter(
        "batch.item.read", () => LiveSteps.Observe(static c => c.Read), "{item}", "Items read (committed)");

    public static readonly ObservableCounter<long> ItemsWritten = Meter.CreateObservableCounter(
        "batch.item.write", () => LiveSteps.Observe(static c => c.Written), "{item}", "Items written (committed)");

    public static readonly ObservableCounter<long> ItemsFiltered = Meter.CreateObservableCounter(
        "batch.item.filter", () => LiveSteps.Observe(static c => c.Filtered), "{item}", "Items filtered out by processors (committed)");

    public static readonly ObservableCounter<long> ItemsSkipped = Meter.CreateObservableCounter(
        "batch.item.skip",
        () => LiveSteps.Observe(static c => c.ReadSkips, "read").Concat(LiveSteps.Observe(static c => c.ProcessSkips, "process")).Concat(LiveSteps.Observe(static c => c.WriteSkips, "write")),
        "{item}",
        "Items skipped (committed)");

    /// <summary>Whether anything listens to chunks: a chunk instrument or the activity source.</summary>
    public static bool ChunksObserved => ChunkDuration.Enabled || Source.HasListeners();

    /// <summary>The seconds between a timestamp of <see cref="Stopwatch.GetTimestamp"/> and now.</summary>
    public static double SecondsSince(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalSeconds;

    /// <summary>Marks an activity failed when its execution failed.</summary>
    public static void End(Activity? activity, BatchStatus status)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(BatchTelemetry.StatusTag, status.ToCode());
        if (status.IsUnsuccessful())
        {
            activity.SetStatus(ActivityStatusCode.Error, status.ToCode());
        }

        activity.Dispose();
    }
}
