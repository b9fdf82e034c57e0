namespace Samples.Collector.Rules;

/// <summary>The status words of the T_BATCH_* tables.</summary>
public static class CollectStatus
{
    /// <summary>An attempt is going on.</summary>
    public const string Running = "RUNNING";

    /// <summary>Copied to the lake and the target and verified against the source.</summary>
    public const string Success = "SUCCESS";

    /// <summary>The attempt failed; MESSAGE says why.</summary>
    public const string Failed = "FAILED";

    /// <summary>A registered table no run has tried for the base time (result tables only).</summary>
    public const string NotRun = "NOT RUN";
}
