namespace Batch.Launch;

/// <summary>
/// How many executions of a launch group may be live at once (see <see cref="Jobs.JobBuilder.MaxLiveExecutions"/> and
/// <see cref="Jobs.JobBuilder.LaunchGroup"/>). A launch past the limit is refused, or, with <see cref="LaunchOptions.Wait"/>,
/// waits for a free slot in order of arrival — across processes, through the job repository.
/// </summary>
/// <param name="GroupName">The group: the job's own name for <see cref="Jobs.JobBuilder.MaxLiveExecutions"/>, or the name several jobs share.</param>
/// <param name="MaxLive">At most this many live executions of the group's jobs at once (1 or more); <c>Batch:LaunchGroups:&lt;group&gt;</c> overrides it.</param>
public sealed record LaunchLimit(string GroupName, int MaxLive)
{
    /// <summary>The longest group name: the width of BATCH_LAUNCH_TICKET.GROUP_NAME.</summary>
    public const int MaxGroupNameLength = 100;

    /// <summary>Checks a group name and a limit, with messages saying what to write instead.</summary>
    /// <param name="groupName">The group's name.</param>
    /// <param name="maxLive">The limit.</param>
    /// <returns>The limit.</returns>
    /// <exception cref="ArgumentException">The name is blank or longer than <see cref="MaxGroupNameLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The limit is below 1.</exception>
    public static LaunchLimit Create(string groupName, int maxLive)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupName);
        if (groupName.Length > MaxGroupNameLength)
        {
            throw new ArgumentException($"The launch group name '{groupName}' has {groupName.Length} characters; at most {MaxGroupNameLength} fit BATCH_LAUNCH_TICKET.GROUP_NAME.", nameof(groupName));
        }

        if (maxLive < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLive), maxLive, $"Launch group '{groupName}' must allow at least 1 live execution.");
        }

        return new LaunchLimit(groupName, maxLive);
    }
}
