namespace Batch.Diagnostics;

/// <summary>
/// The names under which Batch publishes its metrics (<see cref="System.Diagnostics.Metrics.Meter"/>) and traces
/// (<see cref="System.Diagnostics.ActivitySource"/>), both called <see cref="Name"/>: add it to an OpenTelemetry
/// collector (<c>.AddMeter(BatchTelemetry.Name)</c>, <c>.AddSource(BatchTelemetry.Name)</c>) and every job of the process is
/// measured. Nothing is measured, and nothing costs, until a listener subscribes. The instrument names follow Spring Batch's
/// Micrometer names without the <c>spring.</c> prefix.
/// </summary>
/// <remarks>
/// <para>Metrics (tags: <see cref="JobNameTag"/>, <see cref="StepNameTag"/> where there is a step, <see cref="StatusTag"/> on durations):</para>
/// <list type="table">
/// <item><term><c>batch.job</c></term><description>histogram, s: duration of each job execution, tagged with its final status.</description></item>
/// <item><term><c>batch.job.active</c></term><description>up-down counter: job executions running in this process.</description></item>
/// <item><term><c>batch.step</c></term><description>histogram, s: duration of each step execution, tagged with its final status.</description></item>
/// <item><term><c>batch.step.active</c></term><description>up-down counter: step executions running in this process.</description></item>
/// <item><term><c>batch.chunk</c></term><description>histogram, s: duration of each chunk (read, process, write and commit), tagged <c>batch.chunk.outcome</c> committed or failed.</description></item>
/// <item><term><c>batch.chunk.commit</c></term><description>histogram, s: latency of the checkpoint commit of each chunk (the repository's transaction commit).</description></item>
/// <item><term><c>batch.item.read</c>, <c>batch.item.write</c>, <c>batch.item.filter</c></term><description>observable counters: items read, written and filtered by committed chunks, per job and step, read when a collector asks (nothing is added per chunk; a chunk rolled back never counts).</description></item>
/// <item><term><c>batch.item.skip</c></term><description>observable counter: items skipped by committed chunks, tagged <see cref="SkipPhaseTag"/> read, process or write.</description></item>
/// </list>
/// <para>Traces: one activity per job execution (<c>batch.job</c>), per step execution (<c>batch.step</c>, its child, tagged with
/// the names, execution ids and counts) and per chunk (<c>batch.chunk</c>, the step's child, without tags of its own); a failed or
/// rolled-back one has status Error.</para>
/// </remarks>
public static class BatchTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>Batch</c>.</summary>
    public const string Name = "Batch";

    /// <summary>The tag naming the job.</summary>
    public const string JobNameTag = "batch.job.name";

    /// <summary>The tag naming the step.</summary>
    public const string StepNameTag = "batch.step.name";

    /// <summary>The tag of a final status (COMPLETED, FAILED, STOPPED, …).</summary>
    public const string StatusTag = "batch.status";

    /// <summary>The tag of a skip's phase: read, process or write.</summary>
    public const string SkipPhaseTag = "batch.skip.phase";

    /// <summary>The tag of a job execution's id (traces).</summary>
    public const string JobExecutionIdTag = "batch.job.execution.id";

    /// <summary>The tag of a step execution's id (traces).</summary>
    public const string StepExecutionIdTag = "batch.step.execution.id";
}
