namespace Batch.Infrastructure.Database;

/// <summary>
/// Where a database writer in <see cref="DuplicateKeyMode.Ignore"/> mode keeps how many rows it skipped as duplicates: the step's
/// counter <c>{writer name}.ignoredDuplicates</c> (<see cref="StepExecution.Counters"/>, kept in the step's execution context
/// under <see cref="StepCounters.ContextPrefix"/>), committed with each chunk — so the count survives a restart, is never counted
/// twice for a chunk that was rolled back and written again, and <c>show</c>, the step's end line and the dashboard print it.
/// </summary>
/// <example>
/// <code>
/// var step = execution.StepExecutions.Single(s => s.StepName == "load");
/// long ignored = DuplicateKeyCounts.Ignored(step, "orders.writer");
/// </code>
/// </example>
public static class DuplicateKeyCounts
{
    /// <summary>The suffix of the counter's name: <c>{writer name}.ignoredDuplicates</c>.</summary>
    public const string IgnoredSuffix = ".ignoredDuplicates";

    /// <summary>The context key under which the writer named <paramref name="writerName"/> keeps its count: <c>batch.counter.{writer name}.ignoredDuplicates</c>.</summary>
    /// <param name="writerName">The writer's name (its options' <c>Name</c>).</param>
    /// <returns>The key.</returns>
    public static string ContextKey(string writerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(writerName);
        return StepCounters.ContextKey(writerName + IgnoredSuffix);
    }

    /// <summary>How many duplicate rows the writer named <paramref name="writerName"/> skipped in the step, over every execution of it.</summary>
    /// <param name="stepExecution">The step execution (its context holds the count committed so far).</param>
    /// <param name="writerName">The writer's name.</param>
    /// <returns>The count; zero when none were skipped.</returns>
    public static long Ignored(StepExecution stepExecution, string writerName)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        return stepExecution.ExecutionContext.GetLong(ContextKey(writerName), 0);
    }
}
