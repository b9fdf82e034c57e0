using System.Collections;
using System.Data.Common;

namespace Batch.Infrastructure.Database;

/// <summary>
/// The query parameters of a database reader, in seed 001's text form <c>name=value&amp;name2=value2</c> (for example the
/// job parameter <c>query=from=2024-01-01&amp;region=KR</c>). Each pair becomes a bound parameter (<c>@from</c>, <c>@region</c>)
/// of the reader's query; a value is always data, never part of the SQL.
/// </summary>
/// <remarks>
/// Values are bound as text. Where the column has another type, convert in the SQL (<c>created &gt;= CAST(@from AS date)</c>),
/// which works on PostgreSQL and SQLite alike. A value may contain <c>=</c> (only the first one separates the name); write
/// <c>%26</c> for a literal <c>&amp;</c> and <c>%25</c> for a literal <c>%</c> in a value.
/// </remarks>
/// <example>
/// <code>
/// var parameters = QueryParameters.FromJobParameters(context.JobParameters, "query"); // query=from=2024-01-01&amp;region=KR
/// // SELECT id, amount FROM sales WHERE day &gt;= CAST(@from AS date) AND region = @region
/// </code>
/// </example>
public sealed class QueryParameters : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly KeyValuePair<string, string>[] _pairs;

    private QueryParameters(KeyValuePair<string, string>[] pairs)
    {
        _pairs = pairs;
    }

    /// <summary>No parameters.</summary>
    public static QueryParameters Empty { get; } = new([]);

    /// <summary>The number of parameters.</summary>
    public int Count => _pairs.Length;

    /// <summary>The parameter at an index, in the order written.</summary>
    /// <param name="index">The index.</param>
    public KeyValuePair<string, string> this[int index] => _pairs[index];

    /// <summary>Parses <c>name=value&amp;name2=value2</c>. Null, empty or blank text gives no parameters.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The parameters, in the order written.</returns>
    /// <exception cref="FormatException">A pair has no <c>=</c>, an empty or invalid name, a name given twice, or a bad <c>%</c> escape; the message names it.</exception>
    public static QueryParameters Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in text.Split('&'))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw Malformed(text, token, "it has no '=' between the name and the value");
            }

            var name = token[..eq].Trim();
            if (!IsName(name))
            {
                throw Malformed(text, token, name.Length == 0
                    ? "the name before '=' is empty"
                    : $"the name '{name}' is not a parameter name (a letter or '_', then letters, digits or '_')");
            }

            if (!names.Add(name))
            {
                throw Malformed(text, token, $"the parameter '{name}' is given twice");
            }

            pairs.Add(new(name, Unescape(text, token, token[(eq + 1)..])));
        }

        return new([.. pairs]);
    }

    /// <summary>
    /// What is wrong with a text of the form <c>name=value&amp;name2=value2</c>, or null when it parses: for a job's validator, so a
    /// malformed value is refused before an instance exists (<c>DefaultJobParametersValidator.Check("query", v =&gt; QueryParameters.Problem(v as string))</c>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The problem, naming the pair, or null.</returns>
    public static string? Problem(string? text)
    {
        try
        {
            Parse(text);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The parameters in a job parameter holding the text form, or none when the job has no such parameter.</summary>
    /// <param name="jobParameters">The job's (or step's) parameters.</param>
    /// <param name="name">The job parameter's name (seed 001 calls it the query parameter; <c>query</c> by default).</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="FormatException">The text is malformed; the message names the job parameter and the pair.</exception>
    public static QueryParameters FromJobParameters(JobParameters jobParameters, string name = "query")
    {
        ArgumentNullException.ThrowIfNull(jobParameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!jobParameters.TryGetValue(name, out var parameter))
        {
            return Empty;
        }

        try
        {
            return Parse(Convert.ToString(parameter.Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Job parameter '{name}': {ex.Message}", ex);
        }
    }

    /// <summary>Adds each parameter to a command as a text parameter named <c>@name</c>.</summary>
    /// <param name="command">The command.</param>
    public void AddTo(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var (name, value) in _pairs)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.DbType = System.Data.DbType.String;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join('&', _pairs.Select(p => p.Key + "=" + p.Value.Replace("%", "%25", StringComparison.Ordinal).Replace("&", "%26", StringComparison.Ordinal)));

    private static bool IsName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Unescape(string text, string token, string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                result.Append(value[i]);
                continue;
            }

            if (!IsHex(value, i + 1) || !IsHex(value, i + 2))
            {
                throw Malformed(text, token, "a '%' in the value is not followed by two hexadecimal digits (write %25 for '%', %26 for '&')");
            }

            result.Append((char)Convert.ToInt32(value.Substring(i + 1, 2), 16));
            i += 2;
        }

        return result.ToString();
    }

    private static bool IsHex(string value, int index) => index < value.Length && char.IsAsciiHexDigit(value[index]);

    private static FormatException Malformed(string text, string token, string reason) => new(
        $"The query parameters '{text}' are malformed at '{token}': {reason}. Write them as name=value pairs joined by '&', for example from=2024-01-01&region=KR.");
}
