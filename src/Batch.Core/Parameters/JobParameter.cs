using System.Globalization;

namespace Batch.Parameters;

/// <summary>
/// One typed job parameter value, identifying or not. Identifying parameters decide which
/// <see cref="JobInstance"/> a launch belongs to; non-identifying ones are carried along but do not.
/// </summary>
public sealed class JobParameter : IEquatable<JobParameter>
{
    /// <summary>Integers: a leading sign and digits, nothing else (no spaces, no thousands separators).</summary>
    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;

    /// <summary>Real numbers: a leading sign, digits, a dot and an exponent; no thousands separators, no spaces.</summary>
    private const NumberStyles RealStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private JobParameter(object value, JobParameterType type, bool identifying)
    {
        Value = value;
        Type = type;
        Identifying = identifying;
    }

    /// <summary>The value: a <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="decimal"/>,
    /// <see cref="DateOnly"/>, <see cref="DateTimeOffset"/> or <see cref="bool"/>, as given by <see cref="Type"/>.</summary>
    public object Value { get; }

    /// <summary>The type of <see cref="Value"/>.</summary>
    public JobParameterType Type { get; }

    /// <summary>Whether the parameter contributes to the identity of the job instance.</summary>
    public bool Identifying { get; }

    /// <summary>Creates a text parameter.</summary>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance (default true).</param>
    /// <returns>The parameter.</returns>
    public static JobParameter Of(string value, bool identifying = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, JobParameterType.String, identifying);
    }

    /// <summary>Creates an integer parameter.</summary>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance (default true).</param>
    /// <returns>The parameter.</returns>
    public static JobParameter Of(long value, bool identifying = true) => new(value, JobParameterType.Long, identifying);

    /// <summary>Creates a floating-point parameter.</summary>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance (default true).</param>
    /// <returns>The parameter.</returns>
    public static JobParameter Of(double value, bool identifying = true) => new(value, JobParameterType.Double, identifying);

    /// <summary>Creates a decimal parameter.</summary>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance (default true).</param>
    /// <returns>The parameter.</returns>
    public static JobParameter Of(decimal value, bool identifying = true) => new(value, JobParameterType.Decimal, identifying);

    /// <summary>Creates a date parameter.</summary>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance (default true).</param>
    /// <returns>The parameter.</returns>
    public static JobParameter Of(DateOnly value, bool identifying = true) => new(value, JobParameterType.Date, identifying);

    /// <summary>Creates a date-and-time parameter.</summary>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance (default true).</param>
    /// <returns>The parameter.</returns>
    public static JobParameter Of(DateTimeOffset value, bool identifying = true) => new(value, JobParameterType.DateTime, identifying);

    /// <summary>Creates a boolean parameter.</summary>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance (default true).</param>
    /// <returns>The parameter.</returns>
    public static JobParameter Of(bool value, bool identifying = true) => new(value, JobParameterType.Bool, identifying);

    /// <summary>Parses a value written in the text form of <paramref name="type"/>.</summary>
    /// <remarks>
    /// Numbers have one strict, invariant form: an optional leading sign, digits, and for <c>double</c> and <c>decimal</c>
    /// a dot and an exponent (<c>-12</c>, <c>3.25</c>, <c>1.5E+20</c>). No thousands separators, no comma as a decimal
    /// separator, no spaces, no currency symbols, whatever the current culture: <c>5,5</c> and <c>1,2,3</c> are rejected,
    /// never read as 55 or 123.
    /// </remarks>
    /// <param name="type">The type.</param>
    /// <param name="text">The value as text (invariant culture).</param>
    /// <param name="identifying">Whether it identifies the instance.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="FormatException">The text is not a valid value of the type.</exception>
    public static JobParameter Parse(JobParameterType type, string text, bool identifying = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var inv = CultureInfo.InvariantCulture;
        object value = type switch
        {
            JobParameterType.String => text,
            JobParameterType.Long => long.Parse(text, IntegerStyle, inv),
            JobParameterType.Double => double.Parse(text, RealStyle, inv),
            JobParameterType.Decimal => decimal.Parse(text, RealStyle, inv),
            JobParameterType.Date => DateOnly.ParseExact(text, "yyyy-MM-dd", inv),
            JobParameterType.DateTime => DateTimeOffset.Parse(text, inv, DateTimeStyles.RoundtripKind | DateTimeStyles.AssumeUniversal),
            JobParameterType.Bool => bool.Parse(text),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown parameter type."),
        };
        return new(value, type, identifying);
    }

    /// <summary>The value in its invariant text form (the inverse of <see cref="Parse"/>).</summary>
    /// <returns>The text.</returns>
    public string ValueText() => Value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>The name of a type in the text form (<c>string</c>, <c>long</c>, <c>double</c>, <c>decimal</c>, <c>date</c>, <c>datetime</c>, <c>bool</c>).</summary>
    /// <param name="type">The type.</param>
    /// <returns>Its name.</returns>
    public static string TypeName(JobParameterType type) => type switch
    {
        JobParameterType.String => "string",
        JobParameterType.Long => "long",
        JobParameterType.Double => "double",
        JobParameterType.Decimal => "decimal",
        JobParameterType.Date => "date",
        JobParameterType.DateTime => "datetime",
        JobParameterType.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown parameter type."),
    };

    /// <summary>Looks up a type by its name in the text form (case-insensitive; <c>int</c>, <c>boolean</c> and <c>timestamp</c> are accepted as aliases).</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type when found.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParseTypeName(string name, out JobParameterType type)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "string": type = JobParameterType.String; return true;
            case "long" or "int": type = JobParameterType.Long; return true;
            case "double": type = JobParameterType.Double; return true;
            case "decimal": type = JobParameterType.Decimal; return true;
            case "date": type = JobParameterType.Date; return true;
            case "datetime" or "timestamp": type = JobParameterType.DateTime; return true;
            case "bool" or "boolean": type = JobParameterType.Bool; return true;
            default: type = default; return false;
        }
    }

    /// <inheritdoc />
    public bool Equals(JobParameter? other) =>
        other is not null && Type == other.Type && Identifying == other.Identifying && Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JobParameter);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Value, Type, Identifying);

    /// <inheritdoc />
    public override string ToString() => ValueText();
}
