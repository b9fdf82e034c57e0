using System.Globalization;
using System.Text;

namespace Batch.Model;

/// <summary>
/// Named counts of a step beyond the built-in ones (read, written, skipped…): a writer's ignored duplicates, a processor's
/// "already up to date" items. A counter is a <see cref="long"/> in the step's execution context under
/// <see cref="ContextPrefix"/> + its name, so it commits with the chunk that counted it, survives a restart, and is never
/// counted twice for a chunk that was rolled back. <see cref="StepExecution.Counters"/> reads them; the command line's
/// <c>show</c> (and its <c>--json</c>), the step's end line in the log and the dashboard print them beside the built-in counts.
/// </summary>
/// <example>
/// <code>
/// // in a chunk listener's AfterWrite, or anywhere the step's context is updated before the chunk commits:
/// StepCounters.Add(stepExecution, "orders.unchanged", unchanged);
/// </code>
/// </example>
public static class StepCounters
{
    /// <summary>The prefix of a counter's key in the step's execution context.</summary>
    public const string ContextPrefix = "batch.counter.";

    /// <summary>The context key of the counter named <paramref name="name"/>.</summary>
    /// <param name="name">The counter's name, for example <c>orders.writer.ignoredDuplicates</c>.</param>
    /// <returns><see cref="ContextPrefix"/> + <paramref name="name"/>.</returns>
    public static string ContextKey(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ContextPrefix + name;
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to a counter in the step's context. Call it for work that commits with the current chunk
    /// (before its commit); a chunk rolled back restores the context it started with.
    /// </summary>
    /// <param name="stepExecution">The step execution.</param>
    /// <param name="name">The counter's name.</param>
    /// <param name="delta">What to add.</param>
    /// <returns>The counter's new value.</returns>
    public static long Add(StepExecution stepExecution, string name, long delta)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        var key = ContextKey(name);
        var value = stepExecution.ExecutionContext.GetLong(key, 0) + delta;
        stepExecution.ExecutionContext.Put(key, value);
        return value;
    }

    /// <summary>The counters of a step execution, by name, in name order.</summary>
    internal static IReadOnlyDictionary<string, long> Read(BatchExecutionContext context)
    {
        SortedDictionary<string, long>? counters = null;
        foreach (var (key, value) in context)
        {
            if (key.StartsWith(ContextPrefix, StringComparison.Ordinal) && key.Length > ContextPrefix.Length && AsLong(value) is { } count)
            {
                (counters ??= new(StringComparer.Ordinal))[key[ContextPrefix.Length..]] = count;
            }
        }

        return counters ?? (IReadOnlyDictionary<string, long>)EmptyCounters;
    }

    /// <summary>The counters as the log and the command line print them: <c>, name n, name n</c>; empty when there are none.</summary>
    internal static string Describe(IReadOnlyDictionary<string, long> counters)
    {
        if (counters.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var (name, count) in counters)
        {
            text.Append(", ").Append(name).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static readonly Dictionary<string, long> EmptyCounters = [];

    private static long? AsLong(object? value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        decimal m when m == decimal.Truncate(m) => (long)m,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e when e.TryGetInt64(out var n) => n,
        _ => null,
    };
}
