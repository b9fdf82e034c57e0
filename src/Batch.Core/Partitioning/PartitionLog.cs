using Microsoft.Extensions.Logging;

namespace Batch.Partitioning;

/// <summary>The log messages of partitioned steps and partition workers (source-generated).</summary>
internal static partial class PartitionLog
{
    [LoggerMessage(1301, LogLevel.Information, "Step '{StepName}': {Count} partitions handed to workers (job execution {JobExecutionId})")]
    public static partial void Enqueued(ILogger logger, string stepName, int count, long jobExecutionId);

    [LoggerMessage(1302, LogLevel.Information, "Step '{StepName}': partitions {Done} done ({Failed} failed, {Stopped} stopped), {Running} running, {Waiting} waiting of {Total}; items read {ReadCount}, written {WriteCount}")]
    public static partial void Progress(ILogger logger, string stepName, int done, int failed, int stopped, int running, int waiting, int total, long readCount, long writeCount);

    [LoggerMessage(1303, LogLevel.Warning, "Step '{StepName}' asked to stop: waiting partitions stopped, running ones stop at their next chunk boundary")]
    public static partial void StopRequested(ILogger logger, string stepName);

    [LoggerMessage(1304, LogLevel.Information, "Step '{StepName}': {Count} partitions completed in an earlier execution of the instance and are not run again")]
    public static partial void SkippedCompleted(ILogger logger, string stepName, int count);

    [LoggerMessage(1310, LogLevel.Information, "Worker {WorkerId} waiting for partitions")]
    public static partial void WorkerStarted(ILogger logger, string workerId);

    [LoggerMessage(1311, LogLevel.Information, "Worker {WorkerId} claimed partition '{Partition}' of step '{StepName}' (job '{JobName}' execution {JobExecutionId}, attempt {Attempt})")]
    public static partial void Claimed(ILogger logger, string workerId, string partition, string stepName, string jobName, long jobExecutionId, int attempt);

    [LoggerMessage(1312, LogLevel.Warning, "Worker {WorkerId} took partition '{Partition}' over from worker {PreviousOwner}, whose lease ran out; its step execution {StepExecutionId} is now FAILED and the partition resumes from its last committed chunk")]
    public static partial void TookOver(ILogger logger, string workerId, string partition, string previousOwner, long stepExecutionId);

    [LoggerMessage(1313, LogLevel.Information, "Worker {WorkerId} ended partition '{Partition}' {Status}")]
    public static partial void Ended(ILogger logger, string workerId, string partition, string status);

    [LoggerMessage(1314, LogLevel.Warning, "Worker {WorkerId} lost its lease on partition '{Partition}' to another worker; it stops working on it")]
    public static partial void LeaseLost(ILogger logger, string workerId, string partition);

    [LoggerMessage(1315, LogLevel.Error, "Worker {WorkerId} could not run partition '{Partition}': {Message}")]
    public static partial void CannotRun(ILogger logger, Exception? exception, string workerId, string partition, string message);

    [LoggerMessage(1316, LogLevel.Warning, "Worker {WorkerId}: the partition queue failed ({Message}); trying again after {Delay}")]
    public static partial void QueueFailed(ILogger logger, Exception exception, string workerId, string message, TimeSpan delay);

    [LoggerMessage(1317, LogLevel.Information, "Worker {WorkerId} stopped after {Count} partitions")]
    public static partial void WorkerStopped(ILogger logger, string workerId, int count);
}
