namespace Batch.Repository;

/// <summary>
/// The launch slots of an <see cref="InMemoryJobRepository"/>: tickets in a list under one lock, so decisions are serialised as the
/// databases serialise them per group. A holding ticket's execution is read from the repository to know whether it is still live.
/// </summary>
internal sealed class InMemoryLaunchSlots : ILaunchSlots
{
    private readonly Lock _lock = new();
    private readonly Func<long, DateTimeOffset, bool> _isLive;
    private readonly List<LaunchTicket> _tickets = [];
    private long _nextId;

    /// <param name="isLive">Whether an execution is live with a heartbeat at or after the given time.</param>
    public InMemoryLaunchSlots(Func<long, DateTimeOffset, bool> isLive)
    {
        _isLive = isLive;
    }

    public ValueTask<LaunchSlotAttempt> EnterAsync(LaunchSlotRequest request, bool queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            var (held, waiting) = Count(request, long.MaxValue);
            if (held < request.MaxLive && waiting == 0)
            {
                return ValueTask.FromResult(new LaunchSlotAttempt(LaunchSlotState.Holding, Add(request, LaunchSlotState.Holding), held, 0));
            }

            return ValueTask.FromResult(queue
                ? new LaunchSlotAttempt(LaunchSlotState.Waiting, Add(request, LaunchSlotState.Waiting), held, waiting)
                : new LaunchSlotAttempt(LaunchSlotState.Full, null, held, waiting));
        }
    }

    public ValueTask<LaunchSlotAttempt> RetryAsync(long ticketId, LaunchSlotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            var (held, ahead) = Count(request, ticketId);
            var index = _tickets.FindIndex(t => t.Id == ticketId);
            if (index < 0)
            {
                return ValueTask.FromResult(new LaunchSlotAttempt(LaunchSlotState.Lost, null, held, ahead));
            }

            var ticket = _tickets[index];
            if (ticket.State == LaunchSlotState.Holding)
            {
                return ValueTask.FromResult(new LaunchSlotAttempt(LaunchSlotState.Holding, ticketId, held, 0));
            }

            var state = held < request.MaxLive && ahead == 0 ? LaunchSlotState.Holding : LaunchSlotState.Waiting;
            _tickets[index] = ticket with { State = state, Heartbeat = request.Now };
            return ValueTask.FromResult(new LaunchSlotAttempt(state, ticketId, held, ahead));
        }
    }

    public ValueTask AttachAsync(long ticketId, long jobExecutionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _tickets.FindIndex(t => t.Id == ticketId);
            if (index >= 0)
            {
                _tickets[index] = _tickets[index] with { JobExecutionId = jobExecutionId };
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(long ticketId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _tickets.RemoveAll(t => t.Id == ticketId);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<LaunchTicket>> GetTicketsAsync(string? groupName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<LaunchTicket> tickets = [.. _tickets.Where(t => groupName is null || t.GroupName == groupName)
                .OrderBy(t => t.GroupName, StringComparer.Ordinal).ThenBy(t => t.State == LaunchSlotState.Holding ? 0 : 1).ThenBy(t => t.Id)];
            return ValueTask.FromResult(tickets);
        }
    }

    /// <summary>Discards what no live process holds, then counts the group's held slots and the waiting tickets older than <paramref name="before"/> (under the lock).</summary>
    private (int Held, int Waiting) Count(LaunchSlotRequest request, long before)
    {
        _tickets.RemoveAll(t => t.GroupName == request.GroupName && t.Id != before && IsAbandoned(t, request));
        var held = 0;
        var waiting = 0;
        foreach (var ticket in _tickets.Where(t => t.GroupName == request.GroupName && t.Id != before))
        {
            if (ticket.State == LaunchSlotState.Holding)
            {
                held++;
            }
            else if (ticket.Id < before)
            {
                waiting++;
            }
        }

        return (held, waiting);
    }

    private bool IsAbandoned(LaunchTicket ticket, LaunchSlotRequest request) => ticket switch
    {
        { State: LaunchSlotState.Waiting } => ticket.Heartbeat < request.WaitingSilentSince,
        { JobExecutionId: null } => ticket.Heartbeat < request.HoldingSilentSince,
        { JobExecutionId: { } execution } => !_isLive(execution, request.HoldingSilentSince),
    };

    private long Add(LaunchSlotRequest request, LaunchSlotState state)
    {
        var ticket = new LaunchTicket(++_nextId, request.GroupName, request.JobName, state, null, request.Owner, request.Now, request.Now);
        _tickets.Add(ticket);
        return ticket.Id;
    }
}
