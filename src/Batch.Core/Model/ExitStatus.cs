namespace Batch.Model;

/// <summary>
/// The exit status of a job or step execution: a code an operator or a flow reads, with an
/// optional description. Immutable.
/// </summary>
/// <remarks>
/// Two exit statuses combine with <see cref="And"/>: the more severe code wins, in the order
/// EXECUTING &lt; COMPLETED &lt; NOOP &lt; (any custom code) &lt; STOPPED &lt; FAILED &lt; UNKNOWN,
/// and descriptions are joined. Between two custom codes the alphabetically greater wins.
/// </remarks>
public sealed class ExitStatus : IEquatable<ExitStatus>
{
    /// <summary>The outcome is not known.</summary>
    public static readonly ExitStatus Unknown = new("UNKNOWN");

    /// <summary>The execution is still running.</summary>
    public static readonly ExitStatus Executing = new("EXECUTING");

    /// <summary>The execution finished successfully.</summary>
    public static readonly ExitStatus Completed = new("COMPLETED");

    /// <summary>The execution had nothing to do (for example, its step had already completed).</summary>
    public static readonly ExitStatus Noop = new("NOOP");

    /// <summary>The execution failed.</summary>
    public static readonly ExitStatus Failed = new("FAILED");

    /// <summary>The execution was stopped on request.</summary>
    public static readonly ExitStatus Stopped = new("STOPPED");

    /// <summary>
    /// A step completed but skipped some items (status COMPLETED). Batch sets it on every step that
    /// skipped in its execution, so a flow can send such a run to a report or a check
    /// (<c>.On("COMPLETED WITH SKIPS")</c>); Spring Batch leaves this to a listener.
    /// </summary>
    public static readonly ExitStatus CompletedWithSkips = new("COMPLETED WITH SKIPS");

    /// <summary>
    /// The job's main work completed and is kept, but its post-step failed (status FAILED, so a restart
    /// runs only the post-step). See <see cref="Jobs.JobBuilder.PostStep"/>.
    /// </summary>
    public static readonly ExitStatus CompletedWithPostStepFailure = new("COMPLETED WITH POST-STEP FAILURE");

    /// <summary>Creates an exit status.</summary>
    /// <param name="exitCode">The code, conventionally upper case (for example <c>COMPLETED WITH SKIPS</c>).</param>
    /// <param name="exitDescription">An optional longer description.</param>
    public ExitStatus(string exitCode, string exitDescription = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exitCode);
        ExitCode = exitCode;
        ExitDescription = exitDescription ?? string.Empty;
    }

    /// <summary>The exit code.</summary>
    public string ExitCode { get; }

    /// <summary>The description; empty when there is none.</summary>
    public string ExitDescription { get; }

    /// <summary>True when the code is EXECUTING or UNKNOWN, i.e. the execution has not ended cleanly.</summary>
    public bool IsRunning => ExitCode == Executing.ExitCode || ExitCode == Unknown.ExitCode;

    /// <summary>Combines two exit statuses: the more severe code wins and the descriptions are joined.</summary>
    /// <param name="other">The other status; <see langword="null"/> returns this one.</param>
    /// <returns>The combined status.</returns>
    public ExitStatus And(ExitStatus? other)
    {
        if (other is null)
        {
            return this;
        }

        var winner = CompareSeverity(this, other) >= 0 ? this : other;
        return winner.AddExitDescription(winner == this ? other.ExitDescription : ExitDescription);
    }

    /// <summary>Returns a copy with another code and the same description.</summary>
    /// <param name="exitCode">The new code.</param>
    /// <returns>The new status.</returns>
    public ExitStatus ReplaceExitCode(string exitCode) => new(exitCode, ExitDescription);

    /// <summary>Returns a copy whose description has <paramref name="description"/> appended (separated by "; ").</summary>
    /// <param name="description">The text to add; ignored when empty or already present.</param>
    /// <returns>The new status, or this one when nothing changes.</returns>
    public ExitStatus AddExitDescription(string? description)
    {
        if (string.IsNullOrEmpty(description) || ExitDescription.Contains(description, StringComparison.Ordinal))
        {
            return this;
        }

        return new ExitStatus(ExitCode, ExitDescription.Length == 0 ? description : ExitDescription + "; " + description);
    }

    /// <summary>Returns a copy whose description has the exception's type, message and stack trace appended.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The new status.</returns>
    public ExitStatus AddExitDescription(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return AddExitDescription(exception.ToString());
    }

    /// <summary>The severity rank of a code (higher is more severe).</summary>
    private static int Severity(string code) => code switch
    {
        "EXECUTING" => 1,
        "COMPLETED" => 2,
        "NOOP" => 3,
        "STOPPED" => 5,
        "FAILED" => 6,
        "UNKNOWN" => 7,
        _ => 4,
    };

    private static int CompareSeverity(ExitStatus a, ExitStatus b)
    {
        var bySeverity = Severity(a.ExitCode).CompareTo(Severity(b.ExitCode));
        return bySeverity != 0 ? bySeverity : string.CompareOrdinal(a.ExitCode, b.ExitCode);
    }

    /// <inheritdoc />
    public bool Equals(ExitStatus? other) =>
        other is not null && ExitCode == other.ExitCode && ExitDescription == other.ExitDescription;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ExitStatus);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ExitCode, ExitDescription);

    /// <inheritdoc />
    public override string ToString() =>
        ExitDescription.Length == 0 ? ExitCode : $"{ExitCode} ({ExitDescription})";
}
