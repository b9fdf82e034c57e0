using System.Text;

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
/// <item><description>A leading <c>-</c> makes the parameter non-identifying.</description></item>
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
        }

        var type = JobParameterType.String;
        var open = key.IndexOf('(', StringComparison.Ordinal);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && open < 0)
        {
            var typeName = key[(colon + 1)..];
            if (!JobParameter.TryParseTypeName(typeName, out type))
            {
                throw new JobParametersFormatException(token, $"'{typeName}' is not a parameter type");
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
                throw new JobParametersFormatException(token, $"'{typeName}' is not a parameter type");
            }

            key = key[..open].Trim();
        }

        if (key.Length == 0)
        {
            throw new JobParametersFormatException(token, "the name is empty");
        }

        if (!IsValidName(key))
        {
            throw new JobParametersFormatException(token, $"the name '{key}' contains one of the characters & = ( ) : % or a space");
        }

        try
        {
            return (key, JobParameter.Parse(type, valueText, identifying));
        }
        catch (FormatException)
        {
            throw new JobParametersFormatException(token, $"'{valueText}' is not a valid {JobParameter.TypeName(type)}{Example(type)}");
        }
        catch (OverflowException)
        {
            throw new JobParametersFormatException(token, $"'{valueText}' is out of range for {JobParameter.TypeName(type)}");
        }
    }

    private static string Example(JobParameterType type) => type switch
    {
        JobParameterType.Long => " (for example 42)",
        JobParameterType.Double or JobParameterType.Decimal => " (for example 3.25, with a dot)",
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
    /// <exception cref="ArgumentException">The name is empty, starts with '-', or contains a reserved character.</exception>
    internal static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith('-') || !IsValidName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid job parameter name: use a non-empty name without '&', '=', '(', ')', ':', '%', spaces or a leading '-'.",
                nameof(name));
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
