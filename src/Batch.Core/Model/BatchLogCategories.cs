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

    /// <summary>The progress channel: how far a long step is and when it will end (reserved).</summary>
    public const string Progress = "Batch.Progress";
}
