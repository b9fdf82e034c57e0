using System.Collections;
using System.Security.Cryptography;
using System.Text;

namespace Batch.Parameters;

/// <summary>
/// An immutable set of named, typed job parameters. The identifying ones decide the
/// <see cref="JobInstance"/>: two launches with the same job name and the same identifying
/// parameters are the same instance.
/// </summary>
/// <remarks>
/// The text form is <c>name=value&amp;name2=value2</c>; each token may carry a type,
/// <c>name:long=42</c>, and a leading <c>-</c> marks a parameter as non-identifying:
/// <c>-note=hello</c>. See <see cref="JobParametersParser"/>.
/// </remarks>
/// <example>
/// <code>
/// var parameters = JobParameters.Parse("date:date=2026-11-22&amp;-retries:long=3");
/// DateOnly date = parameters.GetDate("date");
/// </code>
/// </example>
public sealed class JobParameters : IReadOnlyDictionary<string, JobParameter>, IEquatable<JobParameters>
{
    private readonly Dictionary<string, JobParameter> _parameters;
    private readonly string[] _order;

    /// <summary>No parameters.</summary>
    public static readonly JobParameters Empty = new([]);

    /// <summary>Creates parameters from name/parameter pairs (in order).</summary>
    /// <param name="parameters">The parameters; names must be unique.</param>
    public JobParameters(IEnumerable<KeyValuePair<string, JobParameter>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = new Dictionary<string, JobParameter>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (name, parameter) in parameters)
        {
            JobParametersParser.ValidateName(name);
            ArgumentNullException.ThrowIfNull(parameter);
            if (!_parameters.TryAdd(name, parameter))
            {
                throw new ArgumentException($"The job parameter '{name}' is given twice; give each name once.", nameof(parameters));
            }

            order.Add(name);
        }

        _order = [.. order];
    }

    /// <summary>Parses the text form (<c>name=value&amp;name2:long=2&amp;-nonIdentifying=x</c>).</summary>
    /// <param name="text">The text; null or blank gives <see cref="Empty"/>.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="JobParametersFormatException">A token is malformed; the message quotes it.</exception>
    public static JobParameters Parse(string? text) => JobParametersParser.Parse(text);

    /// <summary>The number of parameters.</summary>
    public int Count => _order.Length;

    /// <summary>True when there are no parameters.</summary>
    public bool IsEmpty => _order.Length == 0;

    /// <summary>The parameter names, in the order they were given.</summary>
    public IEnumerable<string> Keys => _order;

    /// <summary>The parameters, in the order they were given.</summary>
    public IEnumerable<JobParameter> Values => _order.Select(n => _parameters[n]);

    /// <summary>The parameter with the given name.</summary>
    /// <param name="key">The name.</param>
    /// <exception cref="KeyNotFoundException">There is no such parameter; the message names it.</exception>
    public JobParameter this[string key] =>
        _parameters.TryGetValue(key, out var p)
            ? p
            : throw new KeyNotFoundException($"The job parameter '{key}' was not given. Parameters given: {(IsEmpty ? "none" : string.Join(", ", _order))}.");

    /// <summary>Whether a parameter with this name exists.</summary>
    /// <param name="key">The name.</param>
    /// <returns>True when it exists.</returns>
    public bool ContainsKey(string key) => _parameters.ContainsKey(key);

    /// <summary>Gets a parameter by name.</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The parameter, when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out JobParameter value) =>
        _parameters.TryGetValue(key, out value);

    /// <summary>Gets a text parameter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public string GetString(string name) => Get<string>(name, JobParameterType.String);

    /// <summary>Gets a text parameter, or a default when absent.</summary>
    /// <param name="name">The name.</param>
    /// <param name="defaultValue">Returned when the parameter is absent.</param>
    /// <returns>The value.</returns>
    public string? GetString(string name, string? defaultValue) => ContainsKey(name) ? GetString(name) : defaultValue;

    /// <summary>Gets an integer parameter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public long GetLong(string name) => Get<long>(name, JobParameterType.Long);

    /// <summary>Gets a floating-point parameter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public double GetDouble(string name) => Get<double>(name, JobParameterType.Double);

    /// <summary>Gets a decimal parameter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public decimal GetDecimal(string name) => Get<decimal>(name, JobParameterType.Decimal);

    /// <summary>Gets a date parameter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public DateOnly GetDate(string name) => Get<DateOnly>(name, JobParameterType.Date);

    /// <summary>Gets a date-and-time parameter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public DateTimeOffset GetDateTime(string name) => Get<DateTimeOffset>(name, JobParameterType.DateTime);

    /// <summary>Gets a boolean parameter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public bool GetBool(string name) => Get<bool>(name, JobParameterType.Bool);

    private T Get<T>(string name, JobParameterType type)
    {
        var parameter = this[name];
        if (parameter.Type != type)
        {
            throw new InvalidCastException(
                $"The job parameter '{name}' is of type {JobParameter.TypeName(parameter.Type)}, not {JobParameter.TypeName(type)}. " +
                $"Pass it as '{name}:{JobParameter.TypeName(type)}=...' or read it with the matching getter.");
        }

        return (T)parameter.Value;
    }

    /// <summary>The identifying parameters only.</summary>
    /// <returns>A new set holding only the identifying parameters.</returns>
    public JobParameters Identifying() =>
        new(_order.Where(n => _parameters[n].Identifying).Select(n => KeyValuePair.Create(n, _parameters[n])));

    /// <summary>
    /// The job key: a stable hash (32 hex characters) of the identifying parameters, sorted by name.
    /// Stored as <c>JOB_KEY</c>; equal keys mean the same job instance.
    /// </summary>
    /// <returns>The key.</returns>
    public string ToJobKey()
    {
        var canonical = new StringBuilder();
        foreach (var name in _order.Where(n => _parameters[n].Identifying).Order(StringComparer.Ordinal))
        {
            var p = _parameters[name];
            canonical.Append(name).Append('(').Append(JobParameter.TypeName(p.Type)).Append(")=")
                .Append(p.ValueText()).Append('\u001f');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Returns a copy with the parameters of <paramref name="other"/> added or replacing these.</summary>
    /// <param name="other">The parameters that win.</param>
    /// <returns>The merged parameters.</returns>
    public JobParameters Merge(JobParameters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var builder = new JobParametersBuilder(this);
        foreach (var name in other._order)
        {
            builder.Add(name, other._parameters[name]);
        }

        return builder.Build();
    }

    /// <summary>The text form, which <see cref="Parse"/> reads back to equal parameters.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => JobParametersParser.Format(this);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JobParameter>> GetEnumerator() =>
        _order.Select(n => KeyValuePair.Create(n, _parameters[n])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Parameters are equal when they hold the same names with equal values, types and identifying flags (order does not matter).</summary>
    /// <param name="other">The other set.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(JobParameters? other) =>
        other is not null && other.Count == Count &&
        _parameters.All(kv => other._parameters.TryGetValue(kv.Key, out var p) && p.Equals(kv.Value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JobParameters);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (k, v) in _parameters)
        {
            hash ^= HashCode.Combine(k, v);
        }

        return hash;
    }
}
