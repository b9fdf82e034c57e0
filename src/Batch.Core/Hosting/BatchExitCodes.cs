namespace Batch.Hosting;

/// <summary>The process exit codes of the command-line runner.</summary>
public static class BatchExitCodes
{
    /// <summary>The job completed (or the command succeeded).</summary>
    public const int Completed = 0;

    /// <summary>The job failed (or the command failed for a reason outside the user's input, such as an unreachable database).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: unknown command or job, malformed or invalid parameters, unknown execution id.</summary>
    public const int UsageError = 2;

    /// <summary>The job stopped on request (Ctrl+C, SIGTERM or <c>stop</c>) and can be restarted.</summary>
    public const int Stopped = 3;

    /// <summary>The launch was refused: the instance is already running, already complete, or cannot be restarted.</summary>
    public const int Refused = 4;

    /// <summary>The exit code for an ended execution's status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The exit code.</returns>
    public static int ForStatus(BatchStatus status) => status switch
    {
        BatchStatus.Completed => Completed,
        BatchStatus.Stopped or BatchStatus.Stopping => Stopped,
        _ => Failed,
    };
}
