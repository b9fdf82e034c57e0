using Microsoft.Extensions.Logging;

namespace Batch.Launch;

/// <summary>The launcher's log messages: the heartbeat's troubles and the takeover of dead executions (source-generated).</summary>
internal static partial class LaunchLog
{
    [LoggerMessage(60, LogLevel.Warning, "Job '{JobName}' execution {ExecutionId}: its heartbeat could not be saved ({Reason}); retried at the next beat")]
    public static partial void HeartbeatFailed(ILogger logger, string jobName, long executionId, string reason);

    [LoggerMessage(61, LogLevel.Information, "Job '{JobName}' execution {ExecutionId}: its heartbeat is saved again")]
    public static partial void HeartbeatRestored(ILogger logger, string jobName, long executionId);

    [LoggerMessage(62, LogLevel.Warning, "Job '{JobName}' execution {ExecutionId} is no longer running in the job repository: someone else ended it ('fail', 'recover', or a launch that took it over). Stopping it here; its next save in this process would fail anyway")]
    public static partial void EndedElsewhere(ILogger logger, string jobName, long executionId);

    [LoggerMessage(63, LogLevel.Warning, "Took over job '{JobName}' execution {ExecutionId} (instance {InstanceId}): its heartbeat had been silent for {Silence}, longer than Batch:TakeOverDeadExecutionsAfter ({Threshold}). Marked it FAILED ({Steps} unfinished steps with it) and launching the instance again, which resumes from its last committed chunk")]
    public static partial void TookOver(ILogger logger, string jobName, long executionId, long instanceId, string silence, string threshold, int steps);

    [LoggerMessage(64, LogLevel.Information, "Job '{JobName}' execution {ExecutionId} was not taken over: {Reason}. Launching once more")]
    public static partial void TakeoverLost(ILogger logger, string jobName, long executionId, string reason);

    [LoggerMessage(65, LogLevel.Information, "Job '{JobName}' is waiting for a slot of launch group '{GroupName}' (at most {MaxLive} live executions; {Held} held, {Ahead} launches waiting ahead of it); ticket {TicketId}")]
    public static partial void Queued(ILogger logger, string jobName, string groupName, int maxLive, int held, int ahead, long ticketId);

    [LoggerMessage(66, LogLevel.Information, "Job '{JobName}' got a slot of launch group '{GroupName}' after waiting {Waited}; launching")]
    public static partial void GotSlot(ILogger logger, string jobName, string groupName, string waited);

    [LoggerMessage(67, LogLevel.Warning, "Job '{JobName}' lost its place in launch group '{GroupName}' (its ticket {TicketId} had been silent for longer than Batch:LaunchWaitingTicketStaleAfter and was discarded); queuing again at the end of the line")]
    public static partial void LostPlace(ILogger logger, string jobName, string groupName, long ticketId);

    [LoggerMessage(68, LogLevel.Warning, "Launch group '{GroupName}': ticket {TicketId} could not be {What} ({Reason}); the job repository discards it once it is stale")]
    public static partial void TicketNotSaved(ILogger logger, string groupName, long ticketId, string what, string reason);

    [LoggerMessage(69, LogLevel.Warning, "Job '{JobName}' waiting for a slot of launch group '{GroupName}' could not ask the job repository ({Reason}); asking again at the next poll")]
    public static partial void PollFailed(ILogger logger, string jobName, string groupName, string reason);
}
