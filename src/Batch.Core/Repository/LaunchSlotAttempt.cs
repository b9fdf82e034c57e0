namespace Batch.Repository;

/// <summary>The outcome of <see cref="ILaunchSlots.EnterAsync"/> or <see cref="ILaunchSlots.RetryAsync"/>.</summary>
/// <param name="State">Whether the launch holds a slot, waits in line, found the group full (and queued nothing), or lost its ticket.</param>
/// <param name="TicketId">The ticket, when one is kept (holding or waiting).</param>
/// <param name="Held">How many slots of the group were held when it was decided (this launch's excluded).</param>
/// <param name="Ahead">How many waiting tickets were ahead of this launch.</param>
public readonly record struct LaunchSlotAttempt(LaunchSlotState State, long? TicketId, int Held, int Ahead);
