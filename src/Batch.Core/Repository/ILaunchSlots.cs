namespace Batch.Repository;

/// <summary>
/// The queue of launch slots of a job repository (queued launches, <see cref="Launch.LaunchLimit"/>): one ticket per launch of a
/// job with a launch limit, kept where the executions are, so that every process launching against the same repository shares one
/// count and one order. A ticket is WAITING (in line, by its id, which is its arrival order) or HOLDING (it has a slot: first before
/// its execution exists, then through its execution, attached with <see cref="AttachAsync"/>).
/// </summary>
/// <remarks>
/// <para>Every decision — count the held slots, look for an older waiting ticket, take a slot — is one transaction serialised per
/// group (PostgreSQL: a transaction-level advisory lock on the group; SQLite: the file's write lock; in memory: a lock), so two
/// processes never both take the last slot and a waiting launch is never overtaken by a younger one.</para>
/// <para>Before deciding, a decision discards what no live process holds any more: waiting tickets silent since
/// <see cref="LaunchSlotRequest.WaitingSilentSince"/> (their process stopped asking), holding tickets without an execution silent since
/// <see cref="LaunchSlotRequest.HoldingSilentSince"/>, and holding tickets whose execution has ended or whose execution's heartbeat (its
/// LAST_UPDATED and its steps') is older than <see cref="LaunchSlotRequest.HoldingSilentSince"/>. So a slot is free again as soon as its
/// execution ends — even when its process died right after — and a killed process never blocks a group for longer than those ages.</para>
/// </remarks>
public interface ILaunchSlots
{
    /// <summary>
    /// A new launch: takes a slot when the group has a free one and nobody is waiting; otherwise queues a WAITING ticket at the end of
    /// the line when <paramref name="queue"/> is true, or leaves nothing behind.
    /// </summary>
    /// <param name="request">The group, its limit, the job and the clock's view.</param>
    /// <param name="queue">Whether to wait in line when no slot can be taken now.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The outcome: <see cref="LaunchSlotState.Holding"/> or <see cref="LaunchSlotState.Waiting"/> with its ticket, or <see cref="LaunchSlotState.Full"/>.</returns>
    ValueTask<LaunchSlotAttempt> EnterAsync(LaunchSlotRequest request, bool queue, CancellationToken cancellationToken);

    /// <summary>
    /// A waiting ticket asks again: it takes a slot when one is free and no older ticket is waiting; otherwise its heartbeat is
    /// refreshed and it keeps its place.
    /// </summary>
    /// <param name="ticketId">The waiting ticket.</param>
    /// <param name="request">The group, its limit, the job and the clock's view.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><see cref="LaunchSlotState.Holding"/>, <see cref="LaunchSlotState.Waiting"/>, or <see cref="LaunchSlotState.Lost"/> when the ticket was discarded (silent too long).</returns>
    ValueTask<LaunchSlotAttempt> RetryAsync(long ticketId, LaunchSlotRequest request, CancellationToken cancellationToken);

    /// <summary>Records the execution a holding ticket launched: from now on the slot is held while that execution is live.</summary>
    /// <param name="ticketId">The holding ticket.</param>
    /// <param name="jobExecutionId">The execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AttachAsync(long ticketId, long jobExecutionId, CancellationToken cancellationToken);

    /// <summary>Deletes a ticket: a waiting one gives up its place, a holding one frees its slot. Deleting a ticket that is gone does nothing.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask ReleaseAsync(long ticketId, CancellationToken cancellationToken);

    /// <summary>The tickets (holding first, then waiting in arrival order) of one group, or of every group, as stored now.</summary>
    /// <param name="groupName">The group; null for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The tickets, by group and id.</returns>
    ValueTask<IReadOnlyList<LaunchTicket>> GetTicketsAsync(string? groupName, CancellationToken cancellationToken);
}
