using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// The least any chunk telemetry can cost: what the issue asks for per chunk — one activity, a chunk-duration and a commit-latency
/// histogram with the same tags as Batch's — done by hand around the plain loop's chunks, on a source and a meter of the benchmark's
/// own that <see cref="TelemetryListeners"/> listens to as it listens to Batch's. Framework-free, so the framework's own telemetry cost
/// can be read against it.
/// </summary>
internal static class TelemetryFloor
{
    public const string Name = "Batch.Benchmarks.Floor";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Histogram<double> ChunkDuration = Meter.CreateHistogram<double>("floor.chunk", "s");
    private static readonly Histogram<double> CommitLatency = Meter.CreateHistogram<double>("floor.chunk.commit", "s");

    /// <summary>The plain loop with the floor's telemetry around each chunk, under one activity for the run (as a step's).</summary>
    public static async Task RunAsync(int count, int chunkSize, CancellationToken cancellationToken)
    {
        using var step = Source.StartActivity("floor.step");
        await PlainLoop.RunAsync(count, chunkSize, cancellationToken, observed: true);
    }

    /// <summary>Starts a chunk's activity and timestamp.</summary>
    public static (Activity? Activity, long Started) Begin() => (Source.StartActivity("floor.chunk"), Stopwatch.GetTimestamp());

    /// <summary>Records a chunk's commit latency and duration and ends its activity.</summary>
    public static void End((Activity? Activity, long Started) chunk, long commitStarted)
    {
        CommitLatency.Record(
            Stopwatch.GetElapsedTime(commitStarted).TotalSeconds,
            new KeyValuePair<string, object?>("batch.job.name", "overhead"),
            new KeyValuePair<string, object?>("batch.step.name", "loop"));
        ChunkDuration.Record(
            Stopwatch.GetElapsedTime(chunk.Started).TotalSeconds,
            new KeyValuePair<string, object?>("batch.job.name", "overhead"),
            new KeyValuePair<string, object?>("batch.step.name", "loop"),
            new KeyValuePair<string, object?>("batch.chunk.outcome", "committed"));
        chunk.Activity?.Dispose();
    }
}
