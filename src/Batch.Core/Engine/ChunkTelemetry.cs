using System.Diagnostics;
using Batch.Diagnostics;

namespace Batch.Engine;

/// <summary>
/// The metrics and the activity of one chunk: started by the chunk driver before the chunk when anything listens
/// (<see cref="Telemetry.ChunksObserved"/>), ended after it with the counts the chunk added to its step execution. When
/// nothing listens it is a default value and costs one check per chunk.
/// </summary>
internal readonly struct ChunkTelemetry
{
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly long _read;
    private readonly long _written;
    private readonly long _filtered;
    private readonly long _readSkips;
    private readonly long _processSkips;
    private readonly long _writeSkips;

    private ChunkTelemetry(StepExecution execution, Activity? activity)
    {
        _activity = activity;
        _started = Stopwatch.GetTimestamp();
        _read = execution.ReadCount;
        _written = execution.WriteCount;
        _filtered = execution.FilterCount;
        _readSkips = execution.ReadSkipCount;
        _processSkips = execution.ProcessSkipCount;
        _writeSkips = execution.WriteSkipCount;
        IsObserved = true;
    }

    /// <summary>Whether the chunk is measured.</summary>
    public bool IsObserved { get; }

    /// <summary>Starts measuring a chunk when anything listens.</summary>
    public static ChunkTelemetry Begin(StepExecution execution)
    {
        if (!Telemetry.ChunksObserved)
        {
            return default;
        }

        var activity = Telemetry.Source.StartActivity("batch.chunk");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(BatchTelemetry.JobNameTag, execution.JobExecution.JobName);
            activity.SetTag(BatchTelemetry.StepNameTag, execution.StepName);
            activity.SetTag(BatchTelemetry.StepExecutionIdTag, execution.Id);
        }

        return new ChunkTelemetry(execution, activity);
    }

    /// <summary>Records the chunk: its duration, and the items it committed (none when it failed: its counts were rolled back).</summary>
    public void End(StepExecution execution, bool committed)
    {
        if (!IsObserved)
        {
            return;
        }

        var tags = new TagList
        {
            { BatchTelemetry.JobNameTag, execution.JobExecution.JobName },
            { BatchTelemetry.StepNameTag, execution.StepName },
        };
        Add(Telemetry.ItemsRead, execution.ReadCount - _read, tags);
        Add(Telemetry.ItemsWritten, execution.WriteCount - _written, tags);
        Add(Telemetry.ItemsFiltered, execution.FilterCount - _filtered, tags);
        AddSkips("read", execution.ReadSkipCount - _readSkips, tags);
        AddSkips("process", execution.ProcessSkipCount - _processSkips, tags);
        AddSkips("write", execution.WriteSkipCount - _writeSkips, tags);
        if (Telemetry.ChunkDuration.Enabled)
        {
            var outcome = tags;
            outcome.Add("batch.chunk.outcome", committed ? "committed" : "failed");
            Telemetry.ChunkDuration.Record(Telemetry.SecondsSince(_started), outcome);
        }

        if (_activity is { } activity)
        {
            if (activity.IsAllDataRequested)
            {
                activity.SetTag("batch.chunk.read", execution.ReadCount - _read);
                activity.SetTag("batch.chunk.written", execution.WriteCount - _written);
            }

            if (!committed)
            {
                activity.SetStatus(ActivityStatusCode.Error, "rolled back");
            }

            activity.Dispose();
        }
    }

    private static void Add(System.Diagnostics.Metrics.Counter<long> counter, long delta, in TagList tags)
    {
        if (delta > 0)
        {
            counter.Add(delta, tags);
        }
    }

    private static void AddSkips(string phase, long delta, in TagList tags)
    {
        if (delta > 0)
        {
            var tagged = tags;
            tagged.Add(BatchTelemetry.SkipPhaseTag, phase);
            Telemetry.ItemsSkipped.Add(delta, tagged);
        }
    }
}
