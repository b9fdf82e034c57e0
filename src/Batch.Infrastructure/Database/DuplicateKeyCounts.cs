namespace Batch.Infrastructure.Database;

/// <summary>
/// Where a database writer in <see cref="DuplicateKeyMode.Ignore"/> mode keeps how many rows it skipped as duplicates: the step's
/// execution context, under <c>{writer name}.ignoredDuplicates</c>, committed with each chunk (so the count survives a restart
/// and is never counted twice for a chunk that was rolled back and written again).
/// </summary>
/// <example>
/// <code>
/// var step = execution.StepExecutions.Single(s => s.StepName == "load");
/// long ignored = DuplicateKeyCounts.Ignored(step, "orders.writer");
/// </code>
/// </example>
public static class DuplicateKeyCounts
{
    /// <summary>The suffix of the context key: <c>{writer name}.ignoredDuplicates</c>.</summary>
    public const string IgnoredSuffix = ".ignoredDuplicates";

    /// <summary>The context key under which the writer named <paramref name="writerName"/> keeps its count.</summary>
    /// <param name="writerName">The writer's name (its options' <c>Name</c>).</param>
    /// <returns>The key.</returns>
    public static string ContextKey(string writerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(writerName);
        return writerName + IgnoredSuffix;
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
