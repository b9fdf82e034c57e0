using Batch.Jobs;
using Batch.Repository;
using Microsoft.Extensions.Logging;

namespace Batch.Launch;

/// <summary>
/// How a launch of a job with a launch limit gets its slot (queued launches): it takes one at once when the group has a free slot and
/// nobody waits; otherwise it is refused, or — with <see cref="LaunchOptions.Wait"/> — waits in line, asking the job repository again
/// every <see cref="Hosting.BatchOptions.LaunchPollInterval"/> on the launcher's clock, until it holds a slot, its maximum wait runs out
/// (refused), or it is cancelled (its ticket is deleted).
/// </summary>
internal sealed class LaunchQueue
{
    private static readonly string Owner = $"{Environment.ProcessId}@{Environment.MachineName}";
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private readonly TimeSpan _waitingStaleAfter;
    private readonly TimeSpan _holdingStaleAfter;
    private readonly Dictionary<string, int> _limits;
    private readonly Func<Exception, bool> _isTransient;
    private readonly ILogger _logger;

    public LaunchQueue(TimeProvider time, Hosting.BatchOptions options, Func<Exception, bool> isTransient, ILogger logger)
    {
        _time = time;
        _isTransient = isTransient;
        _pollInterval = options.LaunchPollInterval <= TimeSpan.Zero ? Hosting.BatchOptions.DefaultLaunchPollInterval : options.LaunchPollInterval;
        _waitingStaleAfter = options.LaunchWaitingTicketStaleAfter < _pollInterval * 4 ? _pollInterval * 4 : options.LaunchWaitingTicketStaleAfter;
        var heartbeats = (options.HeartbeatInterval <= TimeSpan.Zero ? Hosting.BatchOptions.DefaultHeartbeatInterval : options.HeartbeatInterval) * 4;
        _holdingStaleAfter = options.RecoverStaleAfter < heartbeats ? heartbeats : options.RecoverStaleAfter;
        if (options.TakeOverDeadExecutionsAfter is { } takeOver && takeOver >= heartbeats && takeOver < _holdingStaleAfter)
        {
            // Where launches take silent executions over sooner, a slot is not held longer by one than its instance is.
            _holdingStaleAfter = takeOver;
        }
        _limits = new Dictionary<string, int>(options.LaunchGroups, StringComparer.Ordinal);
        _logger = logger;
    }

    /// <summary>The job's launch limit, with the configured override of its group's size; null when it has none.</summary>
    public LaunchLimit? LimitOf(IJob job) =>
        job.LaunchLimit is not { } limit ? null
        : _limits.TryGetValue(limit.GroupName, out var configured) && configured >= 1 ? limit with { MaxLive = configured }
        : limit;

    /// <summary>Takes a slot of the job's group, waiting for one when <paramref name="options"/> say so.</summary>
    /// <returns>The holding ticket; release it with <see cref="ReleaseAsync"/> when the launch has ended.</returns>
    /// <exception cref="LaunchSlotUnavailableException">The group is full (and the launch does not wait), or the maximum wait ran out.</exception>
    /// <param name="slots">The repository's launch slots.</param>
    /// <param name="job">The job.</param>
    /// <param name="limit">Its group and limit.</param>
    /// <param name="options">Whether to wait, and how long at most.</param>
    /// <param name="beforeWaiting">Called once when the launch has to wait, before it does: throws when the launch would be refused anyway.</param>
    /// <param name="cancellationToken">Cancellation: the ticket is deleted.</param>
    public async Task<long> AcquireAsync(
        ILaunchSlots slots, IJob job, LaunchLimit limit, LaunchOptions options, Func<CancellationToken, Task> beforeWaiting, CancellationToken cancellationToken)
    {
        var entered = _time.GetUtcNow();
        var attempt = await slots.EnterAsync(Request(job, limit), options.Wait, cancellationToken).ConfigureAwait(false);
        switch (attempt.State)
        {
            case LaunchSlotState.Holding:
                return attempt.TicketId!.Value;
            case LaunchSlotState.Full or LaunchSlotState.Lost:
                throw new LaunchSlotUnavailableException(FullMessage(job, limit, attempt), limit.GroupName, limit.MaxLive);
        }

        var ticket = attempt.TicketId!.Value;
        LaunchLog.Queued(_logger, job.Name, limit.GroupName, limit.MaxLive, attempt.Held, attempt.Ahead, ticket);
        DateTimeOffset? deadline = options.MaxWait is { } maxWait ? entered + maxWait : null;
        try
        {
            await beforeWaiting(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var delay = _pollInterval;
                if (deadline is { } end)
                {
                    var left = end - _time.GetUtcNow();
                    delay = left <= TimeSpan.Zero ? TimeSpan.Zero : left < delay ? left : delay;
                }

                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    attempt = await slots.RetryAsync(ticket, Request(job, limit), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && _isTransient(ex) && !(deadline is { } due && _time.GetUtcNow() >= due))
                {
                    // A busy or briefly unreachable database: ask again at the next poll (silent for longer than the waiting age, the place is lost and taken again at the end).
                    LaunchLog.PollFailed(_logger, job.Name, limit.GroupName, ex.Message);
                    continue;
                }

                if (attempt.State == LaunchSlotState.Lost)
                {
                    LaunchLog.LostPlace(_logger, job.Name, limit.GroupName, ticket);
                    attempt = await slots.EnterAsync(Request(job, limit), queue: true, cancellationToken).ConfigureAwait(false);
                    ticket = attempt.TicketId!.Value;
                }

                if (attempt.State == LaunchSlotState.Holding)
                {
                    LaunchLog.GotSlot(_logger, job.Name, limit.GroupName, Heartbeats.Describe(_time.GetUtcNow() - entered));
                    return ticket;
                }

                if (deadline is { } limitTime && _time.GetUtcNow() >= limitTime)
                {
                    throw new LaunchSlotUnavailableException(WaitedMessage(job, limit, attempt, _time.GetUtcNow() - entered), limit.GroupName, limit.MaxLive);
                }
            }
        }
        catch
        {
            // Refused, cancelled (Ctrl+C) or the database failed: the ticket gives up its place, so it blocks nobody behind it.
            await ReleaseAsync(slots, limit.GroupName, ticket).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Records the launched execution on its ticket; a failure is logged (the slot is then held by the ticket until it is stale).</summary>
    public async Task AttachAsync(ILaunchSlots slots, string groupName, long ticket, long executionId)
    {
        try
        {
            await slots.AttachAsync(ticket, executionId, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the job runs anyway; the ticket is discarded once it is stale
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LaunchLog.TicketNotSaved(_logger, groupName, ticket, "attached to execution " + executionId, ex.Message);
        }
    }

    /// <summary>Deletes a ticket; a failure is logged (the ticket is discarded once its execution has ended or it is stale).</summary>
    public async Task ReleaseAsync(ILaunchSlots slots, string groupName, long ticket)
    {
        try
        {
            await slots.ReleaseAsync(ticket, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // releasing is cleanup: the next decision of the group discards what no live execution holds
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LaunchLog.TicketNotSaved(_logger, groupName, ticket, "deleted", ex.Message);
        }
    }

    private LaunchSlotRequest Request(IJob job, LaunchLimit limit)
    {
        var now = _time.GetUtcNow();
        return new LaunchSlotRequest(limit.GroupName, limit.MaxLive, job.Name, Owner, now, now - _waitingStaleAfter, now - _holdingStaleAfter);
    }

    private static string Group(IJob job, LaunchLimit limit) =>
        limit.GroupName == job.Name ? $"Job '{job.Name}' allows at most {limit.MaxLive} live execution{Plural(limit.MaxLive)}"
        : $"Launch group '{limit.GroupName}' of job '{job.Name}' allows at most {limit.MaxLive} live execution{Plural(limit.MaxLive)}";

    private static string FullMessage(IJob job, LaunchLimit limit, LaunchSlotAttempt attempt) =>
        $"{Group(job, limit)} at once, and {attempt.Held} {(attempt.Held == 1 ? "is" : "are")} live" +
        (attempt.Ahead > 0 ? $" with {attempt.Ahead} launch{(attempt.Ahead == 1 ? string.Empty : "es")} waiting" : string.Empty) +
        ", so it was not launched. Run it with --wait to queue for a free slot (in order of arrival), or try again later.";

    private static string WaitedMessage(IJob job, LaunchLimit limit, LaunchSlotAttempt attempt, TimeSpan waited) =>
        $"{Group(job, limit)} at once; it waited {Heartbeats.Describe(waited)} for a slot, its maximum wait, and was not launched: {attempt.Held} " +
        $"{(attempt.Held == 1 ? "is" : "are")} still live and {attempt.Ahead} launch{(attempt.Ahead == 1 ? " was" : "es were")} ahead of it. " +
        "Try again later, or wait longer (a longer maximum wait, or none).";

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
