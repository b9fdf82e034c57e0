namespace Batch.Engine;

/// <summary>The counts of a step execution as of its last commit (never those of a chunk in flight or rolled back).</summary>
internal readonly record struct CommittedCounts(long Read, long Written, long Filtered, long ReadSkips, long ProcessSkips, long WriteSkips)
{
    /// <summary>The counts of a step execution now.</summary>
    public static CommittedCounts Of(StepExecution execution) => new(
        execution.ReadCount, execution.WriteCount, execution.FilterCount, execution.ReadSkipCount, execution.ProcessSkipCount, execution.WriteSkipCount);

    public static CommittedCounts operator +(CommittedCounts a, CommittedCounts b) => new(
        a.Read + b.Read, a.Written + b.Written, a.Filtered + b.Filtered, a.ReadSkips + b.ReadSkips, a.ProcessSkips + b.ProcessSkips, a.WriteSkips + b.WriteSkips);
}
