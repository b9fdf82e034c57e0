namespace Batch.Repository;

/// <summary>Where a launch stands in its group's queue.</summary>
public enum LaunchSlotState
{
    /// <summary>It holds a slot: launch now.</summary>
    Holding,

    /// <summary>It waits in line: ask again later (<see cref="ILaunchSlots.RetryAsync"/>).</summary>
    Waiting,

    /// <summary>The group is full and the launch did not queue: nothing was stored.</summary>
    Full,

    /// <summary>The waiting ticket was discarded (its heartbeat was silent for too long): enter again, at the end of the line.</summary>
    Lost,
}
