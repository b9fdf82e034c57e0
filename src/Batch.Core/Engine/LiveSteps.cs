using System.Diagnostics.Metrics;
using Batch.Diagnostics;

namespace Batch.Engine;

/// <summary>
/// The step executions running in this process and the committed item counts of those that ended, per job and step name:
/// what the observable item counters of <see cref="Telemetry"/> report when a collector asks (nothing is added per chunk).
/// Only committed counts are reported (<see cref="StepExecution.Committed"/>), so the counters never go down when a chunk
/// rolls back.
/// </summary>
internal static class LiveSteps
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<StepExecution, LiveStep> Running = new(ReferenceEqualityComparer.Instance);
    private static readonly Dictionary<(string Job, string Step), CommittedCounts> EndedTotals = [];

    /// <summary>Counts a step execution as running, measured on its job's clock from now.</summary>
    public static void Started(StepExecution execution, TimeProvider time)
    {
        lock (Gate)
        {
            Running[execution] = new LiveStep(time, time.GetTimestamp(), execution.ItemsConsumedBefore);
        }
    }

    /// <summary>Moves a step execution's committed counts to the totals of its job and step.</summary>
    public static void Ended(StepExecution execution)
    {
        lock (Gate)
        {
            if (!Running.Remove(execution))
            {
                return;
            }

            var key = (execution.JobExecution.JobName, execution.StepName);
            EndedTotals[key] = EndedTotals.GetValueOrDefault(key) + execution.Committed;
        }
    }

    /// <summary>The running step executions (a copy).</summary>
    public static StepExecution[] Snapshot()
    {
        lock (Gate)
        {
            return [.. Running.Keys];
        }
    }

    /// <summary>The progress of every running step execution, oldest job execution first.</summary>
    public static List<StepProgressSnapshot> Progress()
    {
        KeyValuePair<StepExecution, LiveStep>[] running;
        lock (Gate)
        {
            running = [.. Running];
        }

        var snapshots = new List<StepProgressSnapshot>(running.Length);
        foreach (var (execution, live) in running)
        {
            // The counts, not the execution context (which the step's thread may be writing): ItemsConsumedBefore was read at the start.
            var doneHere = execution.ReadCount + execution.ReadSkipCount;
            var done = live.ConsumedBefore + doneHere;
            var elapsed = live.Time.GetElapsedTime(live.Started);
            var rate = elapsed > TimeSpan.Zero ? doneHere / elapsed.TotalSeconds : 0;
            var total = execution.ExpectedItems;
            DateTimeOffset? end = total is { } items && rate > 0 && (items - done) / rate is var seconds && seconds < TimeSpan.MaxValue.TotalSeconds / 2
                ? live.Time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, seconds))
                : null;
            snapshots.Add(new StepProgressSnapshot(
                execution.JobExecution.JobName, execution.JobExecution.Id, execution.StepName, execution.Id, execution.StartTime, done, total, rate, end));
        }

        snapshots.Sort(static (a, b) => a.JobExecutionId != b.JobExecutionId ? a.JobExecutionId.CompareTo(b.JobExecutionId) : a.StepExecutionId.CompareTo(b.StepExecutionId));
        return snapshots;
    }

    /// <summary>One measurement per job and step (and skip phase): ended totals plus the running executions' committed counts.</summary>
    public static IEnumerable<Measurement<long>> Observe(Func<CommittedCounts, long> count, string? skipPhase = null)
    {
        Dictionary<(string Job, string Step), CommittedCounts> totals;
        lock (Gate)
        {
            totals = new(EndedTotals);
            foreach (var execution in Running.Keys)
            {
                var key = (execution.JobExecution.JobName, execution.StepName);
                totals[key] = totals.GetValueOrDefault(key) + execution.Committed;
            }
        }

        foreach (var ((job, step), counts) in totals)
        {
            var value = count(counts);
            if (value == 0 && skipPhase is not null)
            {
                continue;
            }

            yield return skipPhase is null
                ? new Measurement<long>(value, new KeyValuePair<string, object?>(BatchTelemetry.JobNameTag, job), new KeyValuePair<string, object?>(BatchTelemetry.StepNameTag, step))
                : new Measurement<long>(
                    value,
                    new KeyValuePair<string, object?>(BatchTelemetry.JobNameTag, job),
                    new KeyValuePair<string, object?>(BatchTelemetry.StepNameTag, step),
                    new KeyValuePair<string, object?>(BatchTelemetry.SkipPhaseTag, skipPhase));
        }
    }
}

/// <summary>When a running step execution started, on its job's clock, and what its earlier executions had consumed (read once, on the step's thread).</summary>
internal sealed record LiveStep(TimeProvider Time, long Started, long ConsumedBefore);
