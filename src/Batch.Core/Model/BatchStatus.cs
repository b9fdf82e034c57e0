namespace Batch.Model;

/// <summary>
/// The status the engine tracks for a job or step execution. The numeric order is the order of
/// severity used by <see cref="BatchStatusExtensions.Max"/>: when two statuses are combined, the
/// more severe one wins.
/// </summary>
public enum BatchStatus
{
    /// <summary>The execution finished successfully.</summary>
    Completed = 0,

    /// <summary>The execution has been created and is about to start.</summary>
    Starting = 1,

    /// <summary>The execution is running.</summary>
    Started = 2,

    /// <summary>A stop was requested; the execution ends at the next chunk boundary.</summary>
    Stopping = 3,

    /// <summary>The execution was stopped on request and can be restarted.</summary>
    Stopped = 4,

    /// <summary>The execution failed and can be restarted.</summary>
    Failed = 5,

    /// <summary>The execution was abandoned by an operator and will not be restarted.</summary>
    Abandoned = 6,

    /// <summary>The state of the execution is not known (for example, it died without a trace).</summary>
    Unknown = 7,
}

/// <summary>Helpers for <see cref="BatchStatus"/>.</summary>
public static class BatchStatusExtensions
{
    /// <summary>Returns the more severe of two statuses.</summary>
    /// <param name="status">The first status.</param>
    /// <param name="other">The second status.</param>
    /// <returns>The status with the greater severity.</returns>
    public static BatchStatus Max(this BatchStatus status, BatchStatus other) => status >= other ? status : other;

    /// <summary>True while an execution with this status is live (starting, started or stopping).</summary>
    /// <param name="status">The status.</param>
    /// <returns>Whether the execution is still running.</returns>
    public static bool IsRunning(this BatchStatus status) =>
        status is BatchStatus.Starting or BatchStatus.Started or BatchStatus.Stopping;

    /// <summary>True when an execution with this status ended badly (failed, abandoned or unknown).</summary>
    /// <param name="status">The status.</param>
    /// <returns>Whether the status is unsuccessful.</returns>
    public static bool IsUnsuccessful(this BatchStatus status) =>
        status is BatchStatus.Failed or BatchStatus.Abandoned or BatchStatus.Unknown;

    /// <summary>The upper-case name used in the job repository and in logs (for example <c>COMPLETED</c>).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The code for the status.</returns>
    public static string ToCode(this BatchStatus status) => status switch
    {
        BatchStatus.Completed => "COMPLETED",
        BatchStatus.Starting => "STARTING",
        BatchStatus.Started => "STARTED",
        BatchStatus.Stopping => "STOPPING",
        BatchStatus.Stopped => "STOPPED",
        BatchStatus.Failed => "FAILED",
        BatchStatus.Abandoned => "ABANDONED",
        _ => "UNKNOWN",
    };

    /// <summary>Parses a status code as stored in the job repository (case-insensitive).</summary>
    /// <param name="code">The code, for example <c>FAILED</c>.</param>
    /// <returns>The status; <see cref="BatchStatus.Unknown"/> for anything unrecognised.</returns>
    public static BatchStatus ParseCode(string? code) => code?.ToUpperInvariant() switch
    {
        "COMPLETED" => BatchStatus.Completed,
        "STARTING" => BatchStatus.Starting,
        "STARTED" => BatchStatus.Started,
        "STOPPING" => BatchStatus.Stopping,
        "STOPPED" => BatchStatus.Stopped,
        "FAILED" => BatchStatus.Failed,
        "ABANDONED" => BatchStatus.Abandoned,
        _ => BatchStatus.Unknown,
    };
}
