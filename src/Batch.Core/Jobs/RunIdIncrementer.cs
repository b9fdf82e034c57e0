namespace Batch.Jobs;

/// <summary>Increments a <c>run.id</c> long parameter (1 for the first run), keeping the other parameters.</summary>
public sealed class RunIdIncrementer : IJobParametersIncrementer
{
    /// <summary>Creates the incrementer.</summary>
    /// <param name="key">The parameter's name (default <c>run.id</c>).</param>
    public RunIdIncrementer(string key = "run.id")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Key = key;
    }

    /// <summary>The parameter's name.</summary>
    public string Key { get; }

    /// <inheritdoc />
    public JobParameters GetNext(JobParameters previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var last = previous.TryGetValue(Key, out var p) && p.Type == JobParameterType.Long ? (long)p.Value : 0;
        return new JobParametersBuilder(previous).AddLong(Key, last + 1).Build();
    }
}
