namespace Batch.Repository;

/// <summary>What a launch hands to <see cref="ILaunchSlots"/> at every decision.</summary>
/// <param name="GroupName">The launch group.</param>
/// <param name="MaxLive">How many slots the group has (1 or more).</param>
/// <param name="JobName">The job being launched (stored on the ticket, for operators).</param>
/// <param name="Owner">Who launches (process and host, stored on the ticket, for operators).</param>
/// <param name="Now">The launcher's clock: the ticket's heartbeat.</param>
/// <param name="WaitingSilentSince">A waiting ticket whose heartbeat is older is discarded: its process stopped asking.</param>
/// <param name="HoldingSilentSince">A holding ticket (or its execution) whose heartbeat is older is discarded: its process is taken for dead.</param>
public sealed record LaunchSlotRequest(
    string GroupName, int MaxLive, string JobName, string Owner, DateTimeOffset Now, DateTimeOffset WaitingSilentSince, DateTimeOffset HoldingSilentSince);
