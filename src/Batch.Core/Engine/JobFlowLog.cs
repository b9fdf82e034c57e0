using Microsoft.Extensions.Logging;

namespace Batch.Engine;

/// <summary>
/// The job-flow channel (<see cref="BatchLogCategories.JobFlow"/>, seed 002): one short line when a job starts and one when it ends —
/// normally, with warnings, or abnormally — for alerting and for an operator scanning the night's runs.
/// </summary>
internal static partial class JobFlowLog
{
    [LoggerMessage(80, LogLevel.Information, "{JobName} started (execution {ExecutionId})")]
    public static partial void Started(ILogger logger, string jobName, long executionId);

    [LoggerMessage(81, LogLevel.Information, "{JobName} ended normally (execution {ExecutionId})")]
    public static partial void EndedNormally(ILogger logger, string jobName, long executionId);

    [LoggerMessage(82, LogLevel.Warning, "{JobName} ended with warnings: {ExitCode} (execution {ExecutionId})")]
    public static partial void EndedWithWarnings(ILogger logger, string jobName, string exitCode, long executionId);

    [LoggerMessage(83, LogLevel.Error, "{JobName} ended abnormally: {Status} (execution {ExecutionId})")]
    public static partial void EndedAbnormally(ILogger logger, string jobName, string status, long executionId);

    [LoggerMessage(84, LogLevel.Warning, "{JobName} ended stopped: STOPPED (execution {ExecutionId}), restartable")]
    public static partial void EndedStopped(ILogger logger, string jobName, long executionId);

    /// <summary>
    /// The end line for an execution's final status: normally (COMPLETED), with warnings (completed with another exit code, such as skips),
    /// stopped (STOPPED: a stop someone asked for, a warning, not an alert), abnormally (anything else).
    /// </summary>
    public static void Ended(ILogger logger, JobExecution execution)
    {
        if (execution.Status == BatchStatus.Stopped)
        {
            EndedStopped(logger, execution.JobName, execution.Id);
        }
        else if (execution.Status != BatchStatus.Completed)
        {
            EndedAbnormally(logger, execution.JobName, execution.Status.ToCode(), execution.Id);
        }
        else if (execution.ExitStatus.ExitCode != ExitStatus.Completed.ExitCode)
        {
            EndedWithWarnings(logger, execution.JobName, execution.ExitStatus.ExitCode, execution.Id);
        }
        else
        {
            EndedNormally(logger, execution.JobName, execution.Id);
        }
    }
}
