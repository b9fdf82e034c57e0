namespace Batch.Scheduling;

/// <summary>
/// The entries of the in-process scheduler (<see cref="JobScheduler"/>), read through <c>IOptions&lt;JobSchedulerOptions&gt;</c>: those
/// added with <c>batch.Schedule(...)</c> and those of the configuration section <c>Schedules</c> under the section given to
/// <c>batch.BindConfiguration(...)</c> (<c>Batch:Schedules:0:Job</c>, ...), in the order they were registered. Checked before the scheduler
/// runs (the <c>schedule</c> command, <see cref="JobScheduler.Validate"/>, and the start of a host with <c>AddHostedScheduler()</c>): an unknown job, a cron expression that cannot be read, an unknown time zone or malformed parameters are refused with a
/// message naming the entry and the field.
/// </summary>
public sealed class JobSchedulerOptions
{
    /// <summary>The entries.</summary>
    public IList<JobSchedule> Schedules { get; } = new List<JobSchedule>();

    /// <summary>What the configuration binding could not read; reported when the options are validated.</summary>
    internal List<string> BindingErrors { get; } = [];
}
