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
}
