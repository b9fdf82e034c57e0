namespace Batch.Exceptions;

/// <summary>
/// A launch was refused because its launch group already had as many live executions as it allows (<see cref="Launch.LaunchLimit"/>) —
/// at once, or after waiting <see cref="Launch.LaunchOptions.MaxWait"/>. It is a kind of <see cref="JobExecutionAlreadyRunningException"/>,
/// so the command line reports it as refused (exit code 4).
/// </summary>
public class LaunchSlotUnavailableException : JobExecutionAlreadyRunningException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="groupName">The launch group.</param>
    /// <param name="maxLive">Its limit.</param>
    public LaunchSlotUnavailableException(string message, string groupName, int maxLive)
        : base(message)
    {
        GroupName = groupName;
        MaxLive = maxLive;
    }

    /// <summary>The launch group that was full.</summary>
    public string GroupName { get; }

    /// <summary>How many live executions the group allows.</summary>
    public int MaxLive { get; }
}
