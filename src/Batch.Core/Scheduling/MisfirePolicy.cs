namespace Batch.Scheduling;

/// <summary>
/// What a schedule does at start when one or more of its occurrences passed while no scheduler was running (the process was down):
/// Quartz's misfire instructions for a cron trigger.
/// </summary>
public enum MisfirePolicy
{
    /// <summary>
    /// Run the job once now, however many occurrences were missed (Quartz's <c>MISFIRE_INSTRUCTION_FIRE_ONCE_NOW</c>), then go on
    /// at the next occurrence. The default.
    /// </summary>
    FireOnceNow,

    /// <summary>Run nothing for the missed occurrences; wait for the next one (Quartz's <c>MISFIRE_INSTRUCTION_DO_NOTHING</c>).</summary>
    Skip,
}
