using System.Globalization;

namespace Batch.Jobs;

/// <summary>
/// Checks that required parameters are present with the right type and in their range, that optional ones given have
/// theirs, and (when optional keys are declared) that no unknown ones are given — all before an instance exists.
/// </summary>
/// <example>
/// <code>
/// new DefaultJobParametersValidator()
///     .Require&lt;DateOnly&gt;("date")                   // date:date=2026-11-22, required
///     .Allow&lt;long&gt;("count", min: 1, max: 1_000_000)  // count:long=5000, optional, 1..1,000,000
///     .Allow("note");                               // any type
/// </code>
/// </example>
public sealed class DefaultJobParametersValidator : IJobParametersValidator
{
    private readonly Dictionary<string, Rule> _required = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Rule> _optional = new(StringComparer.Ordinal);
    private readonly List<(string Name, Func<object, string?> Problem)> _checks = [];

    /// <summary>
    /// Requires a parameter (of <paramref name="type"/>: <c>Require("input", JobParameterType.String)</c> refuses <c>input:long=5</c>).
    /// A required text must hold something: <c>input=</c> (empty or blank) is refused as if it were missing.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type it must have, or null for any.</param>
    /// <returns>This validator.</returns>
    public DefaultJobParametersValidator Require(string name, JobParameterType? type = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _optional.Remove(name);
        _required[name] = new Rule(type, null);
        return this;
    }

    /// <summary>Requires a parameter of type <typeparamref name="T"/>, optionally within a range (bounds included).</summary>
    /// <typeparam name="T">The value's type: <see cref="long"/>, <see cref="double"/>, <see cref="decimal"/>, <see cref="DateOnly"/>,
    /// <see cref="DateTimeOffset"/> or <see cref="bool"/> (the types of <see cref="JobParameterType"/>).</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="min">The smallest value allowed, or null for no lower bound.</param>
    /// <param name="max">The largest value allowed, or null for no upper bound.</param>
    /// <returns>This validator.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a parameter type, or <paramref name="min"/> is above <paramref name="max"/>.</exception>
    public DefaultJobParametersValidator Require<T>(string name, T? min = null, T? max = null)
        where T : struct, IComparable<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _optional.Remove(name);
        _required[name] = Typed(name, min, max);
        return this;
    }

    /// <summary>Allows an optional parameter of any type. Once any optional key is declared, parameters neither required nor optional are rejected.</summary>
    /// <param name="name">The name.</param>
    /// <returns>This validator.</returns>
    public DefaultJobParametersValidator Allow(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_required.ContainsKey(name))
        {
            _optional[name] = new Rule(null, null);
        }

        return this;
    }

    /// <summary>
    /// Allows an optional parameter that, when given, must be of <paramref name="type"/> (<see cref="JobParameterType.String"/> for a
    /// text such as a file name, which <see cref="Allow{T}"/> cannot say). Once any optional key is declared, parameters neither
    /// required nor optional are rejected.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type it must have when given.</param>
    /// <returns>This validator.</returns>
    public DefaultJobParametersValidator Allow(string name, JobParameterType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_required.ContainsKey(name))
        {
            _optional[name] = new Rule(type, null);
        }

        return this;
    }

    /// <summary>
    /// Allows an optional parameter that, when given, must be of type <typeparamref name="T"/> and within a range (bounds included).
    /// Once any optional key is declared, parameters neither required nor optional are rejected.
    /// </summary>
    /// <typeparam name="T">The value's type: <see cref="long"/>, <see cref="double"/>, <see cref="decimal"/>, <see cref="DateOnly"/>,
    /// <see cref="DateTimeOffset"/> or <see cref="bool"/> (the types of <see cref="JobParameterType"/>).</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="min">The smallest value allowed, or null for no lower bound.</param>
    /// <param name="max">The largest value allowed, or null for no upper bound.</param>
    /// <returns>This validator.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a parameter type, or <paramref name="min"/> is above <paramref name="max"/>.</exception>
    public DefaultJobParametersValidator Allow<T>(string name, T? min = null, T? max = null)
        where T : struct, IComparable<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_required.ContainsKey(name))
        {
            _optional[name] = Typed(name, min, max);
        }

        return this;
    }

    /// <summary>
    /// Adds a check of a parameter's value, run when the parameter is given: <paramref name="problem"/> returns null when the value is
    /// fine, else what is wrong with it, which the refusal quotes — before an instance exists, as for a wrong type. For a value with a
    /// form of its own, such as seed 001's query parameters: <c>.Allow("query", JobParameterType.String).Check("query", v =&gt; QueryParameters.Problem(v as string))</c>.
    /// </summary>
    /// <param name="name">The parameter's name (declare it with <see cref="Require(string, JobParameterType?)"/> or an <c>Allow</c> too).</param>
    /// <param name="problem">Given the value (a <see cref="string"/>, <see cref="long"/>, … as its type says), what is wrong with it, or null.</param>
    /// <returns>This validator.</returns>
    public DefaultJobParametersValidator Check(string name, Func<object, string?> problem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(problem);
        _checks.Add((name, problem));
        return this;
    }

    /// <summary>
    /// Parses a parameter given without a type (a string, such as <c>count=5</c> on the command line) as the type declared for its name
    /// (<c>count:long=5</c>), when its text is a valid value of that type; anything else is left for <see cref="Validate"/> to report.
    /// The same text always gives the same typed parameter, so it identifies the same instance as the typed form.
    /// </summary>
    /// <param name="parameters">The parameters as given.</param>
    /// <returns>The parameters with the declared types (the same instance when nothing changes).</returns>
    public JobParameters ApplyDeclaredTypes(JobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        List<KeyValuePair<string, JobParameter>>? typed = null;
        var index = 0;
        foreach (var (name, parameter) in parameters)
        {
            if (parameter.Type == JobParameterType.String
                && (_required.GetValueOrDefault(name) ?? _optional.GetValueOrDefault(name))?.Type is { } declared
                && declared != JobParameterType.String
                && TryParse(declared, (string)parameter.Value, parameter.Identifying) is { } converted)
            {
                typed ??= [.. parameters];
                typed[index] = KeyValuePair.Create(name, converted);
            }

            index++;
        }

        return typed is null ? parameters : new JobParameters(typed);
    }

    /// <inheritdoc />
    public void Validate(JobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = new List<string>();
        foreach (var (name, rule) in _required)
        {
            if (!parameters.TryGetValue(name, out var p))
            {
                problems.Add($"'{name}' is required" + (rule.Type is { } t ? $" (write {name}:{JobParameter.TypeName(t)}=...)" : string.Empty));
            }
            else if (p.Value is string text && string.IsNullOrWhiteSpace(text))
            {
                problems.Add($"'{name}' is required but was given empty (write {name}=... with a value)");
            }
            else
            {
                rule.Check(name, p, problems);
            }
        }

        foreach (var (name, rule) in _optional)
        {
            if (parameters.TryGetValue(name, out var p))
            {
                rule.Check(name, p, problems);
            }
        }

        if (_optional.Count > 0)
        {
            foreach (var name in parameters.Keys)
            {
                if (!_required.ContainsKey(name) && !_optional.ContainsKey(name))
                {
                    problems.Add($"'{name}' is not a parameter of this job (known: {string.Join(", ", _required.Keys.Concat(_optional.Keys))})");
                }
            }
        }

        foreach (var (name, problem) in _checks)
        {
            if (parameters.TryGetValue(name, out var p) && problem(p.Value) is { Length: > 0 } wrong)
            {
                problems.Add($"'{name}' is not valid: {wrong.TrimEnd('.')}");
            }
        }

        if (problems.Count > 0)
        {
            throw new JobParametersInvalidException("Invalid job parameters: " + string.Join("; ", problems) + ".");
        }
    }

    private static JobParameter? TryParse(JobParameterType type, string text, bool identifying)
    {
        try
        {
            return JobParameter.Parse(type, text, identifying);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>A value of the type, as a user writes it.</summary>
    private static string Example(JobParameterType type) => type switch
    {
        JobParameterType.Long => "42",
        JobParameterType.Double or JobParameterType.Decimal => "3.25",
        JobParameterType.Date => "2026-12-01",
        JobParameterType.DateTime => "2026-12-01T03:00:00Z",
        JobParameterType.Bool => "true",
        _ => "text",
    };

    private static Rule Typed<T>(string name, T? min, T? max)
        where T : struct, IComparable<T>
    {
        var type = TypeOf<T>();
        if (min is { } low && max is { } high && low.CompareTo(high) > 0)
        {
            throw new ArgumentException($"The range of '{name}' is empty: min ({Text(low)}) is above max ({Text(high)}).", nameof(min));
        }

        if (min is null && max is null)
        {
            return new Rule(type, null);
        }

        return new Rule(type, value =>
        {
            var v = (T)value;
            var tooLow = min is { } lo && v.CompareTo(lo) < 0;
            var tooHigh = max is { } hi && v.CompareTo(hi) > 0;
            if (!tooLow && !tooHigh)
            {
                return null;
            }

            return (min, max) switch
            {
                ({ } lo2, { } hi2) => $"between {Text(lo2)} and {Text(hi2)}",
                ({ } lo2, null) => $"at least {Text(lo2)}",
                _ => $"at most {Text(max!.Value)}",
            };
        });
    }

    private static JobParameterType TypeOf<T>() =>
        typeof(T) == typeof(long) ? JobParameterType.Long
        : typeof(T) == typeof(double) ? JobParameterType.Double
        : typeof(T) == typeof(decimal) ? JobParameterType.Decimal
        : typeof(T) == typeof(DateOnly) ? JobParameterType.Date
        : typeof(T) == typeof(DateTimeOffset) ? JobParameterType.DateTime
        : typeof(T) == typeof(bool) ? JobParameterType.Bool
        : throw new ArgumentException(
            $"{typeof(T).Name} is not a job parameter type: use long, double, decimal, DateOnly, DateTimeOffset or bool.", nameof(T));

    /// <summary>A bound as the text form writes it (so a user can copy it into a parameter).</summary>
    private static string Text(object value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>What one parameter must be: of a type (or any), and, when given, in the range <see cref="Range"/> checks (it returns what is allowed, or null when the value is in range).</summary>
    private sealed record Rule(JobParameterType? Type, Func<object, string?>? Range)
    {
        public void Check(string name, JobParameter parameter, List<string> problems)
        {
            if (Type is { } expected && parameter.Type != expected)
            {
                var sign = parameter.Identifying ? string.Empty : "-";
                var text = JobParametersFormatException.Excerpt(parameter.ValueText());
                problems.Add(parameter.Type == JobParameterType.String
                    ? $"'{name}' must be a {JobParameter.TypeName(expected)}, and '{text}' is not one: write for example {sign}{name}={Example(expected)}"
                    : $"'{name}' must be of type {JobParameter.TypeName(expected)}, not {JobParameter.TypeName(parameter.Type)} ('{text}'): " +
                      $"write {sign}{name}:{JobParameter.TypeName(expected)}=...");
            }
            else if (Range?.Invoke(parameter.Value) is { } allowed)
            {
                problems.Add($"'{name}' is {JobParametersFormatException.Excerpt(parameter.ValueText())}; it must be {allowed}");
            }
        }
    }
}
