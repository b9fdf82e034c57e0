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
    private static readonly HashSet<StepExecution> Running = new(ReferenceEqualityComparer.Instance);
    private static readonly Dictionary<(string Job, string Step), CommittedCounts> EndedTotals = [];

    /// <summary>Counts a step execution as running.</summary>
    public static void Started(StepExecution execution)
    {
        lock (Gate)
        {
            Running.Add(execution);
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
            return [.. Running];
        }
    }

    /// <summary>One measurement per job and step (and skip phase): ended totals plus the running executions' committed counts.</summary>
    public static IEnumerable<Measurement<long>> Observe(Func<CommittedCounts, long> count, string? skipPhase = null)
    {
        Dictionary<(string Job, string Step), CommittedCounts> totals;
        lock (Gate)
        {
            totals = new(EndedTotals);
            foreach (var execution in Running)
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
