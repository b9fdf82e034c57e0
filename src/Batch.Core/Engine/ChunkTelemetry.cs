using System.Diagnostics;
using Batch.Diagnostics;

namespace Batch.Engine;

/// <summary>
/// The duration and the activity of one chunk: started by the chunk driver before the chunk when anything listens
/// (<see cref="Telemetry.ChunksObserved"/>), ended after it. When nothing listens it is a default value and costs one check
/// per chunk. The item counts are not added per chunk: the observable counters read them when a collector asks.
/// </summary>
internal readonly struct ChunkTelemetry
{
    private readonly Activity? _activity;
    private readonly long _started;

    private ChunkTelemetry(Activity? activity, long started)
    {
        _activity = activity;
        _started = started;
        IsObserved = true;
    }

    /// <summary>Whether the chunk is measured.</summary>
    public bool IsObserved { get; }

    /// <summary>Starts measuring a chunk when anything listens.</summary>
    public static ChunkTelemetry Begin()
    {
        if (!Telemetry.ChunksObserved)
        {
            return default;
        }

        // The chunk's activity carries no tags of its own: its step's activity, its parent, names the job, the step and the execution.
        var activity = Telemetry.Source.StartActivity("batch.chunk");
        return new ChunkTelemetry(activity, Telemetry.ChunkDuration.Enabled ? Stopwatch.GetTimestamp() : 0);
    }

    /// <summary>Records the chunk's duration and ends its activity (status Error when it rolled back).</summary>
    public void End(StepExecution execution, bool committed)
    {
        if (!IsObserved)
        {
            return;
        }

        if (_started != 0)
        {
            Telemetry.ChunkDuration.Record(
                Telemetry.SecondsSince(_started),
                new KeyValuePair<string, object?>(BatchTelemetry.JobNameTag, execution.JobExecution.JobName),
                new KeyValuePair<string, object?>(BatchTelemetry.StepNameTag, execution.StepName),
                new KeyValuePair<string, object?>("batch.chunk.outcome", committed ? "committed" : "failed"));
        }

        if (_activity is { } activity)
        {
            if (!committed)
            {
                activity.SetStatus(ActivityStatusCode.Error, "rolled back");
            }

            activity.Dispose();
        }
    }
}
