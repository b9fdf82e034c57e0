using Microsoft.Extensions.Logging;

namespace Batch.Scheduling;

/// <summary>The scheduler's lines on <see cref="BatchLogCategories.Schedule"/>: each entry with its next time at start, each fire and its end, each skip.</summary>
internal static partial class ScheduleLog
{
    [LoggerMessage(140, LogLevel.Information, "Scheduler started with {Count} schedule(s)")]
    public static partial void Started(ILogger logger, int count);

    [LoggerMessage(141, LogLevel.Warning, "Scheduler started with no schedules: add them with batch.Schedule(...) or in the configuration (Batch:Schedules:0:Job, Batch:Schedules:0:Cron)")]
    public static partial void NoSchedules(ILogger logger);

    [LoggerMessage(142, LogLevel.Information, "{Entry} ('{Cron}', {Zone}): next run at {Next}")]
    public static partial void NextRun(ILogger logger, string entry, string cron, string zone, string next);

    [LoggerMessage(143, LogLevel.Information, "{Entry} ('{Cron}', {Zone}): job '{JobName}' has never run, so no missed run is made up; first run at {Next}")]
    public static partial void NeverRun(ILogger logger, string entry, string cron, string zone, string jobName, string next);

    [LoggerMessage(144, LogLevel.Warning, "{Entry}: missed {Missed} run(s) while the process was down (the first at {First}; the job's last execution was created at {Last}); running it once now (misfire policy FireOnceNow)")]
    public static partial void MisfireFiring(ILogger logger, string entry, string missed, string first, string last);

    [LoggerMessage(145, LogLevel.Warning, "{Entry}: missed {Missed} run(s) while the process was down (the first at {First}; the job's last execution was created at {Last}); not made up (misfire policy Skip)")]
    public static partial void MisfireSkipped(ILogger logger, string entry, string missed, string first, string last);

    [LoggerMessage(146, LogLevel.Information, "{Entry}: firing for {Occurrence}: {What}")]
    public static partial void Firing(ILogger logger, string entry, string occurrence, string what);

    [LoggerMessage(147, LogLevel.Information, "{Entry}: execution {ExecutionId} (instance {InstanceId}) of the run for {Occurrence} ended {Status}")]
    public static partial void Ended(ILogger logger, string entry, long executionId, long instanceId, string occurrence, string status);

    [LoggerMessage(148, LogLevel.Warning, "{Entry}: execution {ExecutionId} (instance {InstanceId}) of the run for {Occurrence} ended {Status}: {ExitDescription}; the schedule goes on")]
    public static partial void EndedBadly(ILogger logger, string entry, long executionId, long instanceId, string occurrence, string status, string exitDescription);

    [LoggerMessage(149, LogLevel.Warning, "{Entry}: the run for {Occurrence} is skipped: the run for {Running} is still running in this process")]
    public static partial void SkippedStillRunning(ILogger logger, string entry, string occurrence, string running);

    [LoggerMessage(150, LogLevel.Warning, "{Entry}: the run for {Occurrence} is skipped: {Reason}")]
    public static partial void SkippedRefused(ILogger logger, string entry, string occurrence, string reason);

    [LoggerMessage(151, LogLevel.Error, "{Entry}: the run for {Occurrence} could not be launched; the schedule goes on")]
    public static partial void LaunchFailed(ILogger logger, string entry, string occurrence, Exception exception);

    [LoggerMessage(152, LogLevel.Information, "{Entry}: the run for {Occurrence} had nothing to catch up: every business date up to today has completed")]
    public static partial void NothingToCatchUp(ILogger logger, string entry, string occurrence);

    [LoggerMessage(153, LogLevel.Warning, "{Entry}: the clock passed {Count} more occurrence(s) after {Occurrence} while the scheduler waited (the machine was suspended, or its clock was set forward); they are run once, as this run")]
    public static partial void Coalesced(ILogger logger, string entry, string occurrence, string count);

    [LoggerMessage(154, LogLevel.Information, "{Entry} ('{Cron}'): no more occurrences; this schedule ends")]
    public static partial void NoMoreOccurrences(ILogger logger, string entry, string cron);

    [LoggerMessage(155, LogLevel.Warning, "{Entry}: job '{JobName}' has neither an incrementer nor a business date, so every run launches the same instance [{Parameters}]: it runs until it completes once (a failed run is restarted at the next occurrence), then each run is refused as complete. Give the job .Incrementer(new RunIdIncrementer()) to run a new instance each time")]
    public static partial void SameInstance(ILogger logger, string entry, string jobName, string parameters);

    [LoggerMessage(157, LogLevel.Error, "{Entry}: the history of job '{JobName}' could not be read from the job repository, so runs missed while the process was down are not made up; next run at {Next}")]
    public static partial void HistoryUnreadable(ILogger logger, string entry, string jobName, string next, Exception exception);

    [LoggerMessage(156, LogLevel.Information, "Scheduler stopped")]
    public static partial void Stopped(ILogger logger);
}
