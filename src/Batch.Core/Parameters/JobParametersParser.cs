using System.Globalization;
using System.Text;
using Batch.Repository;

namespace Batch.Parameters;

/// <summary>
/// Reads and writes the text form of <see cref="JobParameters"/>:
/// <c>[-]name[:type]=value</c> tokens joined by <c>&amp;</c>, for example
/// <c>date:date=2026-11-22&amp;count:long=100&amp;-note=catch-up</c>. The type may also be written
/// in parentheses, <c>count(long)=100</c>, as Spring Batch 4 did.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description><c>type</c> is one of <c>string</c> (default), <c>long</c>, <c>double</c>, <c>decimal</c>,
/// <c>date</c> (<c>yyyy-MM-dd</c>), <c>datetime</c> (ISO 8601) or <c>bool</c>.</description></item>
/// <item><description>A leading <c>-</c> makes the parameter non-identifying (one <c>-</c> only).</description></item>
/// <item><description>Numbers are written in one strict, invariant form: <c>42</c>, <c>-7</c>, <c>3.25</c>, <c>1.5E+20</c>; no thousands
/// separators and no comma as a decimal separator (see <see cref="JobParameter.Parse"/>).</description></item>
/// <item><description>A name has at most <see cref="BatchSchemaLimits.ParameterName"/> characters, the job repository's limit, on
/// every repository.</description></item>
/// <item><description>In values, <c>%26</c>, <c>%3D</c> and <c>%25</c> stand for <c>&amp;</c>, <c>=</c> and <c>%</c>;
/// any other <c>%</c> is kept as it is.</description></item>
/// </list>
/// </remarks>
public static class JobParametersParser
{
    /// <summary>Parses the text form.</summary>
    /// <param name="text">The text; null or blank gives <see cref="JobParameters.Empty"/>.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="JobParametersFormatException">A token is malformed; the message quotes it and says how to write it.</exception>
    public static JobParameters Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return JobParameters.Empty;
        }

        var builder = new List<KeyValuePair<string, JobParameter>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rawToken in text.Split('&'))
        {
            var token = rawToken.Trim();
            if (token.Length == 0)
            {
                continue;
            }

            var (name, parameter) = ParseToken(token);
            if (!seen.Add(name))
            {
                throw new JobParametersFormatException(token, $"the parameter '{name}' is given more than once");
            }

            builder.Add(KeyValuePair.Create(name, parameter));
        }

        return new JobParameters(builder);
    }

    /// <summary>Parses several command-line arguments, each holding one or more <c>&amp;</c>-joined tokens.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="JobParametersFormatException">A token is malformed.</exception>
    public static JobParameters Parse(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return Parse(string.Join('&', arguments));
    }

    private static (string Name, JobParameter Parameter) ParseToken(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            throw new JobParametersFormatException(token, "it has no '='");
        }

        var key = token[..eq].Trim();
        var valueText = Unescape(token[(eq + 1)..]);
        var identifying = true;
        if (key.StartsWith('-'))
        {
            identifying = false;
            key = key[1..].TrimStart();
            if (key.StartsWith('-'))
            {
                throw new JobParametersFormatException(token, "a name starts with one '-' at most (it makes the parameter non-identifying); '--' does not start an option here");
            }
        }

        var type = JobParameterType.String;
        var open = key.IndexOf('(', StringComparison.Ordinal);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && open < 0)
        {
            var typeName = key[(colon + 1)..];
            if (!JobParameter.TryParseTypeName(typeName, out type))
            {
                throw new JobParametersFormatException(token, $"'{Excerpt(typeName)}' is not a parameter type");
            }

            key = key[..colon].Trim();
        }
        else if (open >= 0)
        {
            if (!key.EndsWith(')'))
            {
                throw new JobParametersFormatException(token, "the type is not closed with ')'");
            }

            var typeName = key[(open + 1)..^1];
            if (!JobParameter.TryParseTypeName(typeName, out type))
            {
                throw new JobParametersFormatException(token, $"'{Excerpt(typeName)}' is not a parameter type");
            }

            key = key[..open].Trim();
        }

        if (key.Length == 0)
        {
            throw new JobParametersFormatException(token, "the name is empty");
        }

        if (!IsValidName(key))
        {
            throw new JobParametersFormatException(token, $"the name '{Excerpt(key)}' contains one of the characters & = ( ) : % or a space");
        }

        if (key.Length > BatchSchemaLimits.ParameterName)
        {
            throw new JobParametersFormatException(token, NameTooLong(key));
        }

        try
        {
            return (key, JobParameter.Parse(type, valueText, identifying));
        }
        catch (FormatException)
        {
            throw new JobParametersFormatException(token, $"'{Excerpt(valueText)}' is not a valid {JobParameter.TypeName(type)}{Example(type)}");
        }
        catch (OverflowException)
        {
            throw new JobParametersFormatException(token, $"'{Excerpt(valueText)}' is out of range for {JobParameter.TypeName(type)}");
        }
    }

    private static string NameTooLong(string name) =>
        string.Create(CultureInfo.InvariantCulture,
            $"the name '{Excerpt(name)}' is {name.Length:N0} characters long; a parameter name has at most {BatchSchemaLimits.ParameterName} " +
            $"(the job repository's column KEY_NAME VARCHAR({BatchSchemaLimits.ParameterName}))");

    /// <summary>The text as an error message quotes it: whole when short, else its start and its length.</summary>
    internal static string Excerpt(string text) => JobParametersFormatException.Excerpt(text);

    private static string Example(JobParameterType type) => type switch
    {
        JobParameterType.Long => " (write digits with an optional sign and no thousands separators, for example 42 or -7)",
        JobParameterType.Double or JobParameterType.Decimal => " (write it with a dot, no thousands separators, for example 3.25 or 1500)",
        JobParameterType.Date => " (write it as yyyy-MM-dd, for example 2026-11-22)",
        JobParameterType.DateTime => " (write it in ISO 8601, for example 2026-11-22T10:00:00+09:00)",
        JobParameterType.Bool => " (write true or false)",
        _ => string.Empty,
    };

    /// <summary>Writes the text form; <see cref="Parse(string)"/> reads it back to equal parameters.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The text.</returns>
    public static string Format(JobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var text = new StringBuilder();
        foreach (var (name, p) in parameters)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            if (!p.Identifying)
            {
                text.Append('-');
            }

            text.Append(name);
            if (p.Type != JobParameterType.String)
            {
                text.Append(':').Append(JobParameter.TypeName(p.Type));
            }

            text.Append('=').Append(Escape(p.ValueText()));
        }

        return text.ToString();
    }

    /// <summary>Throws when a name cannot be written in the text form.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="ArgumentException">The name is empty, starts with '-', contains a reserved character, or is longer than <see cref="BatchSchemaLimits.ParameterName"/>.</exception>
    internal static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith('-') || !IsValidName(name))
        {
            throw new ArgumentException(
                $"'{Excerpt(name ?? string.Empty)}' is not a valid job parameter name: use a non-empty name without '&', '=', '(', ')', ':', '%', spaces or a leading '-'.",
                nameof(name));
        }

        if (name.Length > BatchSchemaLimits.ParameterName)
        {
            throw new ArgumentException("Invalid job parameter name: " + NameTooLong(name) + ".", nameof(name));
        }
    }

    private static readonly System.Buffers.SearchValues<char> ReservedInNames = System.Buffers.SearchValues.Create("&=()%: \t\r\n");

    private static bool IsValidName(string name) =>
        name.AsSpan().IndexOfAny(ReservedInNames) < 0;

    private static string Escape(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
             .Replace("&", "%26", StringComparison.Ordinal)
             .Replace("=", "%3D", StringComparison.Ordinal);

    private static string Unescape(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length)
            {
                var code = value.Substring(i + 1, 2).ToUpperInvariant();
                var decoded = code switch { "26" => '&', "3D" => '=', "25" => '%', _ => '\0' };
                if (decoded != '\0')
                {
                    result.Append(decoded);
                    i += 2;
                    continue;
                }
            }

            result.Append(value[i]);
        }

        return result.ToString();
    }
}
