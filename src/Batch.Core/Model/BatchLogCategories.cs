namespace Batch.Model;

/// <summary>
/// The logger categories (channels) Batch writes to. Route them to separate files or sinks with
/// your logging configuration: each serves a different reader.
/// </summary>
public static class BatchLogCategories
{
    /// <summary>Job start and end lines.</summary>
    public const string Job = "Batch.Job";

    /// <summary>Step start and end lines with their counts.</summary>
    public const string Step = "Batch.Step";

    /// <summary>
    /// The recovery channel, for operators: business errors (<see cref="BusinessException"/>) in plain
    /// words with their recovery steps, and records skipped because of them. No stack traces.
    /// </summary>
    public const string Recovery = "Batch.Recovery";

    /// <summary>The exception channel, for developers: system faults with their stack traces, and retries.</summary>
    public const string Exception = "Batch.Exception";

    /// <summary>The progress channel: how far a long chunk step is, its rate and when it will end (see <c>BatchOptions.ProgressInterval</c>).</summary>
    public const string Progress = "Batch.Progress";

    /// <summary>
    /// The job-flow channel, for alerting: one short line per job start (<c>JOB1001 started</c>) and end (<c>JOB1001 ended normally</c>,
    /// <c>ended with warnings: COMPLETED WITH SKIPS</c> as a warning, <c>ended abnormally: FAILED</c> as an error).
    /// </summary>
    public const string JobFlow = "Batch.JobFlow";

    /// <summary>
    /// The in-process scheduler's channel (<c>Batch.Scheduling.JobScheduler</c>, the <c>schedule</c> command): each schedule with its
    /// next time at start, missed runs made up or skipped, each fire and its end, and occurrences skipped because the previous run is
    /// still going or the launch was refused.
    /// </summary>
    public const string Schedule = "Batch.Schedule";
}
