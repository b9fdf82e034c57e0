using System.Globalization;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>
/// The arguments of <c>batchrun</c>, <c>batchcheck</c> and <c>batchresult</c>, checked before anything is written: the batch base time
/// (배치기준시간, <c>yyyyMMddHHmmss</c>), the integration method code (연계방식코드: 01 database, 02 HTTP API) and connection numbers
/// (연결관리번호) registered in the rule database.
/// </summary>
public static class CollectArguments
{
    /// <summary>The base time's format.</summary>
    public const string BaseTimeFormat = "yyyyMMddHHmmss";

    /// <summary>연계방식코드 01: database sources.</summary>
    public const string DatabaseCode = "01";

    /// <summary>연계방식코드 02: HTTP API sources.</summary>
    public const string HttpApiCode = "02";

    /// <summary>Checks a base time.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The value.</returns>
    /// <exception cref="CollectorException">It is not 14 digits of a real date and time.</exception>
    public static string BaseTime(string? value)
    {
        if (value is null || value.Length != 14
            || !DateTime.TryParseExact(value, BaseTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new CollectorException(
                $"BASETIME '{value}' is not a batch base time (배치기준시간): give yyyyMMddHHmmss, for example {DateTime.UtcNow.Date.ToString(BaseTimeFormat, CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    /// <summary>Checks an integration method code.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The code.</returns>
    /// <exception cref="CollectorException">It is neither 01 nor 02.</exception>
    public static string Code(string? value)
    {
        if (value is not (DatabaseCode or HttpApiCode))
        {
            throw new CollectorException($"CODE '{value}' is not an integration method code (연계방식코드): give 01 (database) or 02 (HTTP API).");
        }

        return value;
    }

    /// <summary>Checks connection numbers against the registry: each known, in use, of the code, with tables.</summary>
    /// <param name="numbers">The arguments.</param>
    /// <param name="code">The code they must have; null for any (batchcheck).</param>
    /// <param name="registry">The registry's entries for those numbers.</param>
    /// <returns>The entries, in the order given, without repeats.</returns>
    /// <exception cref="CollectorException">None given, or one unknown, unused, of another code, or without tables.</exception>
    public static IReadOnlyList<ConnectionEntry> Connections(IReadOnlyList<string> numbers, string? code, IReadOnlyDictionary<string, ConnectionEntry> registry)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(registry);
        if (numbers.Count == 0)
        {
            throw new CollectorException("CONN: give at least one connection number (연결관리번호) registered in T_COLLECT_CONN_0001.");
        }

        var entries = new List<ConnectionEntry>();
        foreach (var number in numbers.Distinct(StringComparer.Ordinal))
        {
            if (!registry.TryGetValue(number, out var entry))
            {
                throw new CollectorException($"CONN '{number}' is not a connection number registered in T_COLLECT_CONN_0001 of the rule database.");
            }

            if (!entry.InUse)
            {
                throw new CollectorException($"CONN '{number}' is registered but not in use (USE_YN = 'N' in T_COLLECT_CONN_0001).");
            }

            if (code is not null && entry.MethodCode != code)
            {
                throw new CollectorException($"CONN '{number}' has integration method code {entry.MethodCode}, not {code}: run it with code {entry.MethodCode}.");
            }

            if (entry.Tables.Count == 0)
            {
                throw new CollectorException($"CONN '{number}' has no table in use in T_COLLECT_TABLE_0001: register its tables first.");
            }

            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>The job parameter naming the connections: the numbers sorted, comma-joined (so the same set is the same instance).</summary>
    public static string ConnectionList(IEnumerable<ConnectionEntry> connections) =>
        string.Join(",", connections.Select(c => c.Number).Order(StringComparer.Ordinal));
}
