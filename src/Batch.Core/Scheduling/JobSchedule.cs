namespace Batch.Scheduling;

/// <summary>
/// One entry of the in-process scheduler (<see cref="JobScheduler"/>): which job runs, on which cron expression, in which time zone,
/// with which parameters, and what happens to occurrences missed while the process was down. Add entries in code with
/// <c>batch.Schedule(...)</c> or from configuration (<c>Batch:Schedules:0:Job</c>, <c>Cron</c>, <c>TimeZone</c>, <c>Parameters</c>,
/// <c>Misfire</c>); they are checked when the host starts and when the scheduler starts.
/// </summary>
/// <example>
/// <code>
/// new JobSchedule { Job = "expire-passes", Cron = "*/10 * * * *", Parameters = "region=eu" }
/// new JobSchedule { Job = "nightly", Cron = "0 3 * * *", TimeZone = "Europe/Berlin", Misfire = MisfirePolicy.Skip }
/// </code>
/// </example>
public sealed class JobSchedule
{
    /// <summary>The registered job's name. Required.</summary>
    public string Job { get; set; } = string.Empty;

    /// <summary>
    /// The cron expression (Cronos syntax): five fields (<c>minute hour day-of-month month day-of-week</c>, as in crontab) or six
    /// (<c>second</c> first), or a macro such as <c>@daily</c>, <c>@hourly</c>. Required.
    /// </summary>
    public string Cron { get; set; } = string.Empty;

    /// <summary>
    /// The time zone the cron expression is read in: a <see cref="TimeZoneInfo"/> id (<c>Europe/Berlin</c>, <c>Asia/Seoul</c>, or a
    /// Windows id where the system knows it), <c>UTC</c>, or <c>Local</c> for the local zone of the scheduler's clock. Null or empty: UTC.
    /// Daylight-saving changes are handled as Cronos does: an occurrence in a skipped hour runs at the hour's end, one in a repeated
    /// hour runs once (an interval expression such as <c>*/10</c> runs in both).
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// The job's parameters in their text form (<c>name=value&amp;count:long=5</c>, see <see cref="Parameters.JobParametersParser"/>),
    /// or null for none. For a job with an incrementer they override the incremented ones; see <see cref="JobScheduler"/> for how each
    /// kind of job is launched. Placeholders are replaced at each occurrence by its time read in <see cref="TimeZone"/>: <c>{fire.date}</c>
    /// (<c>yyyy-MM-dd</c>), <c>{fire.date-1}</c> or <c>{fire.date+1}</c> (that many days before or after) and <c>{fire.time}</c> (ISO 8601
    /// with the zone's offset) — <c>from:date={fire.date-1}&amp;to:date={fire.date-1}</c> gives a nightly job the day before; the run made up
    /// at start for missed occurrences (<see cref="MisfirePolicy.FireOnceNow"/>) takes the start time. Any other <c>{fire.…}</c> is refused
    /// when the entry is checked.
    /// </summary>
    public string? Parameters { get; set; }

    /// <summary>What happens at start when occurrences were missed while the process was down; <see cref="MisfirePolicy.FireOnceNow"/> by default.</summary>
    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.FireOnceNow;

    /// <summary>Where the entry came from, for messages: its configuration path (<c>Batch:Schedules:0</c>), or null for an entry added in code.</summary>
    internal string? Origin { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Job} at '{Cron}'" + (string.IsNullOrEmpty(TimeZone) ? string.Empty : $" ({TimeZone})");
}
