using Microsoft.Extensions.Logging;

namespace Batch.Engine;

/// <summary>The engine's log messages (source-generated, allocation-free when disabled).</summary>
internal static partial class BatchLog
{
    [LoggerMessage(1, LogLevel.Information, "Job '{JobName}' execution {ExecutionId} started with parameters [{Parameters}]")]
    public static partial void JobStarted(ILogger logger, string jobName, long executionId, string parameters);

    [LoggerMessage(2, LogLevel.Information, "Job '{JobName}' execution {ExecutionId} ended {Status} (exit {ExitCode}) in {Elapsed}")]
    public static partial void JobEnded(ILogger logger, string jobName, long executionId, string status, string exitCode, TimeSpan elapsed);

    [LoggerMessage(3, LogLevel.Information, "Step '{StepName}' started (step execution {StepExecutionId} of job execution {JobExecutionId}{Resumed})")]
    public static partial void StepStarted(ILogger logger, string stepName, long stepExecutionId, long jobExecutionId, string resumed);

    [LoggerMessage(4, LogLevel.Information, "Step '{StepName}' ended {Status}: read {ReadCount}, written {WriteCount}, filtered {FilterCount}, skipped {SkipCount}, commits {CommitCount}, rollbacks {RollbackCount}{Counters}, in {Elapsed}")]
    public static partial void StepEnded(ILogger logger, string stepName, string status, long readCount, long writeCount, long filterCount, long skipCount, long commitCount, long rollbackCount, string counters, TimeSpan elapsed);

    [LoggerMessage(6, LogLevel.Information, "Step '{StepName}' already completed in this instance; skipped")]
    public static partial void StepSkippedComplete(ILogger logger, string stepName);

    [LoggerMessage(7, LogLevel.Warning, "Step '{StepName}' stopped on request at a chunk boundary after {CommitCount} commits; restart the execution to resume")]
    public static partial void StepStopped(ILogger logger, string stepName, long commitCount);

    [LoggerMessage(10, LogLevel.Warning, "Job '{JobName}' execution {ExecutionId} was ended {StoredStatus} by someone else while it ran (an operator's fail, abandon or recover, or a launch that took it over); its own end ({OwnStatus}) is not saved over that record")]
    public static partial void JobEndedElsewhere(ILogger logger, string jobName, long executionId, string storedStatus, string ownStatus);

    [LoggerMessage(9, LogLevel.Warning, "Job '{JobName}': post-step '{PostStepName}' did not run because the main work ended {Status}")]
    public static partial void PostStepNotRun(ILogger logger, string jobName, string postStepName, string status);
}
