namespace Batch.Repository;

/// <summary>A stored ticket of a launch group's queue (<see cref="ILaunchSlots.GetTicketsAsync"/>).</summary>
/// <param name="Id">The ticket's id: its arrival order.</param>
/// <param name="GroupName">The launch group.</param>
/// <param name="JobName">The job being launched.</param>
/// <param name="State"><see cref="LaunchSlotState.Holding"/> or <see cref="LaunchSlotState.Waiting"/>.</param>
/// <param name="JobExecutionId">The execution a holding ticket launched, once it exists.</param>
/// <param name="Owner">Who launched (process and host).</param>
/// <param name="Entered">When the ticket was made.</param>
/// <param name="Heartbeat">Its last sign of life (a waiting launch refreshes it every time it asks again).</param>
public sealed record LaunchTicket(
    long Id, string GroupName, string JobName, LaunchSlotState State, long? JobExecutionId, string Owner, DateTimeOffset Entered, DateTimeOffset Heartbeat);
