namespace Batch.Jobs;

/// <summary>Checks that required parameters are present with the right type, and (when optional keys are given) that no unknown ones are.</summary>
public sealed class DefaultJobParametersValidator : IJobParametersValidator
{
    private readonly Dictionary<string, JobParameterType?> _required = new(StringComparer.Ordinal);
    private readonly HashSet<string> _optional = new(StringComparer.Ordinal);

    /// <summary>Requires a parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type it must have, or null for any.</param>
    /// <returns>This validator.</returns>
    public DefaultJobParametersValidator Require(string name, JobParameterType? type = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _required[name] = type;
        return this;
    }

    /// <summary>Allows an optional parameter. Once any optional key is declared, parameters neither required nor optional are rejected.</summary>
    /// <param name="name">The name.</param>
    /// <returns>This validator.</returns>
    public DefaultJobParametersValidator Allow(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _optional.Add(name);
        return this;
    }

    /// <inheritdoc />
    public void Validate(JobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = new List<string>();
        foreach (var (name, type) in _required)
        {
            if (!parameters.TryGetValue(name, out var p))
            {
                problems.Add($"'{name}' is required" + (type is { } t ? $" (write {name}:{JobParameter.TypeName(t)}=...)" : string.Empty));
            }
            else if (type is { } expected && p.Type != expected)
            {
                problems.Add($"'{name}' must be of type {JobParameter.TypeName(expected)}, not {JobParameter.TypeName(p.Type)}");
            }
        }

        if (_optional.Count > 0)
        {
            foreach (var name in parameters.Keys)
            {
                if (!_required.ContainsKey(name) && !_optional.Contains(name))
                {
                    problems.Add($"'{name}' is not a parameter of this job (known: {string.Join(", ", _required.Keys.Concat(_optional))})");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new JobParametersInvalidException("Invalid job parameters: " + string.Join("; ", problems) + ".");
        }
    }
}
