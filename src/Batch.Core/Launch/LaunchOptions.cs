namespace Batch.Launch;

/// <summary>
/// How a launch behaves when its job's launch group (<see cref="LaunchLimit"/>) has no free slot: refused at once (the default), or
/// queued until a slot is free, in order of arrival across processes (<see cref="Wait"/>, the command line's <c>--wait</c>).
/// A job without a launch limit is not affected.
/// </summary>
/// <example>
/// <code>
/// await jobOperator.StartAsync("train", parameters, LaunchOptions.WaitForSlot(TimeSpan.FromHours(8)), cancellationToken);
/// </code>
/// </example>
public sealed record LaunchOptions
{
    /// <summary>Refused when the group is full: the default of every launch.</summary>
    public static LaunchOptions Default { get; } = new();

    /// <summary>Whether a launch that finds its group full waits for a free slot (in order of arrival) instead of being refused.</summary>
    public bool Wait { get; init; }

    /// <summary>
    /// When <see cref="Wait"/> is set, how long at most to wait for a slot; then the launch is refused with a message saying how long it
    /// waited and how many were ahead of it. Null (the default) waits until a slot is free or the launch is cancelled.
    /// </summary>
    public TimeSpan? MaxWait { get; init; }

    /// <summary>
    /// Called once with the new execution as soon as it exists in the job repository, before its first step runs; not called when the
    /// launch is refused. Lets a caller that does not wait for the job — a web request, say — answer with the execution's id, or
    /// with the refusal, while the job runs on. It runs on the launching thread: keep it short, and do not throw from it.
    /// </summary>
    public Action<JobExecution>? Launched { get; init; }

    /// <summary>A launch that waits for a free slot.</summary>
    /// <param name="maxWait">How long at most; null to wait until a slot is free or the launch is cancelled.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWait"/> is negative.</exception>
    public static LaunchOptions WaitForSlot(TimeSpan? maxWait = null)
    {
        if (maxWait is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, TimeSpan.Zero, nameof(maxWait));
        }

        return new LaunchOptions { Wait = true, MaxWait = maxWait };
    }
}
