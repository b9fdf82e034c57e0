namespace Batch.Parameters;

/// <summary>Builds <see cref="JobParameters"/> fluently.</summary>
/// <example>
/// <code>
/// var parameters = new JobParametersBuilder()
///     .AddDate("date", new DateOnly(2026, 11, 22))
///     .AddString("note", "catch-up", identifying: false)
///     .Build();
/// </code>
/// </example>
public sealed class JobParametersBuilder
{
    private readonly List<KeyValuePair<string, JobParameter>> _parameters = [];

    /// <summary>Starts with no parameters.</summary>
    public JobParametersBuilder()
    {
    }

    /// <summary>Starts with a copy of existing parameters.</summary>
    /// <param name="parameters">The parameters to copy.</param>
    public JobParametersBuilder(JobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters.AddRange(parameters);
    }

    /// <summary>Adds a parameter, replacing one of the same name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="parameter">The parameter.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder Add(string name, JobParameter parameter)
    {
        JobParametersParser.ValidateName(name);
        ArgumentNullException.ThrowIfNull(parameter);
        var index = _parameters.FindIndex(p => p.Key == name);
        if (index >= 0)
        {
            _parameters[index] = KeyValuePair.Create(name, parameter);
        }
        else
        {
            _parameters.Add(KeyValuePair.Create(name, parameter));
        }

        return this;
    }

    /// <summary>Removes a parameter if present.</summary>
    /// <param name="name">The name.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder Remove(string name)
    {
        _parameters.RemoveAll(p => p.Key == name);
        return this;
    }

    /// <summary>Adds a text parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder AddString(string name, string value, bool identifying = true) => Add(name, JobParameter.Of(value, identifying));

    /// <summary>Adds an integer parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder AddLong(string name, long value, bool identifying = true) => Add(name, JobParameter.Of(value, identifying));

    /// <summary>Adds a floating-point parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder AddDouble(string name, double value, bool identifying = true) => Add(name, JobParameter.Of(value, identifying));

    /// <summary>Adds a decimal parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder AddDecimal(string name, decimal value, bool identifying = true) => Add(name, JobParameter.Of(value, identifying));

    /// <summary>Adds a date parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder AddDate(string name, DateOnly value, bool identifying = true) => Add(name, JobParameter.Of(value, identifying));

    /// <summary>Adds a date-and-time parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder AddDateTime(string name, DateTimeOffset value, bool identifying = true) => Add(name, JobParameter.Of(value, identifying));

    /// <summary>Adds a boolean parameter.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="identifying">Whether it identifies the instance.</param>
    /// <returns>This builder.</returns>
    public JobParametersBuilder AddBool(string name, bool value, bool identifying = true) => Add(name, JobParameter.Of(value, identifying));

    /// <summary>Builds the immutable parameters.</summary>
    /// <returns>The parameters.</returns>
    public JobParameters Build() => new(_parameters);
}
