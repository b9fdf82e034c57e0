using Batch.Jobs;
using Batch.Launch;
using Cronos;

namespace Batch.Scheduling;

/// <summary>A <see cref="JobSchedule"/> checked and read: its cron expression, time zone, parameters and how its job is launched.</summary>
internal sealed class ScheduledEntry
{
    private ScheduledEntry(int index, JobSchedule schedule, string label, CronExpression cron, TimeZoneInfo zone, JobParameters parameters, ScheduleLaunch launch)
    {
        Index = index;
        Schedule = schedule;
        Label = label;
        Cron = cron;
        Zone = zone;
        Parameters = parameters;
        Launch = launch;
    }

    public int Index { get; }

    public JobSchedule Schedule { get; }

    /// <summary>How messages name the entry: <c>'nightly' (Batch:Schedules:0)</c>.</summary>
    public string Label { get; }

    public CronExpression Cron { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>The parameters; with placeholders (<see cref="FireTimePlaceholders"/>), as they read for the time the entry was checked: use <see cref="ParametersAt"/>.</summary>
    public JobParameters Parameters { get; }

    /// <summary>Whether the parameters have <c>{fire.…}</c> placeholders.</summary>
    public bool HasPlaceholders => FireTimePlaceholders.In(Schedule.Parameters);

    public ScheduleLaunch Launch { get; }

    public string JobName => Schedule.Job;

    /// <summary>The parameters of the run for <paramref name="occurrence"/>: the placeholders replaced by its time in the entry's zone.</summary>
    /// <exception cref="JobParametersFormatException">The replaced text cannot be read (checked when the entry was read, so not expected).</exception>
    public JobParameters ParametersAt(DateTimeOffset occurrence) =>
        HasPlaceholders ? JobParametersParser.Parse(FireTimePlaceholders.Replace(Schedule.Parameters!, occurrence, Zone)) : Parameters;

    /// <summary>The first occurrence after <paramref name="after"/>, or null when the expression has no more (a date in the past).</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => Cron.GetNextOccurrence(after, Zone, inclusive: false);

    /// <summary>How many occurrences lie in (<paramref name="after"/>, <paramref name="upTo"/>], counted up to <paramref name="limit"/>.</summary>
    public int CountBetween(DateTimeOffset after, DateTimeOffset upTo, int limit)
    {
        var count = 0;
        foreach (var _ in Cron.GetOccurrences(after, upTo, Zone, fromInclusive: false, toInclusive: true))
        {
            if (++count >= limit)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>A time in the entry's zone, as the log writes it: <c>2026-12-02 03:00:00 +01:00</c>.</summary>
    public string Format(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone).ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads every entry; what is wrong is added to <paramref name="failures"/>, one message per field, naming the entry.</summary>
    public static List<ScheduledEntry> ReadAll(IList<JobSchedule> schedules, Func<IJobRegistry> registry, TimeProvider time, List<string> failures)
    {
        var entries = new List<ScheduledEntry>(schedules.Count);
        for (var i = 0; i < schedules.Count; i++)
        {
            if (Read(i, schedules[i], registry, time, failures) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static ScheduledEntry? Read(int index, JobSchedule schedule, Func<IJobRegistry> registry, TimeProvider time, List<string> failures)
    {
        if (schedule is null)
        {
            failures.Add($"Schedule {index} is null.");
            return null;
        }

        var label = schedule.Origin is { } origin ? $"Schedule {origin}" : $"Schedule {index} (added in code)";
        label += string.IsNullOrWhiteSpace(schedule.Job) ? string.Empty : $" of job '{schedule.Job}'";
        var before = failures.Count;
        var launch = ReadJob(schedule, registry, label, failures, out var businessDate);
        var cron = ReadCron(schedule, label, failures);
        var zone = ReadZone(schedule, time, label, failures);
        JobParameters parameters = JobParameters.Empty;
        try
        {
            // With placeholders: read as they are for now (the form is the same for every occurrence).
            parameters = JobParametersParser.Parse(FireTimePlaceholders.In(schedule.Parameters)
                ? FireTimePlaceholders.Replace(schedule.Parameters!, time.GetUtcNow(), zone ?? TimeZoneInfo.Utc)
                : schedule.Parameters);
            if (businessDate is not null && parameters.ContainsKey(businessDate))
            {
                failures.Add($"{label}: Parameters name '{businessDate}', the job's business date, which each run picks itself (it catches up every date " +
                    $"not yet completed, up to today): leave '{businessDate}' out.");
            }
        }
        catch (Exception ex) when (ex is JobParametersFormatException or FormatException)
        {
            failures.Add($"{label}: Parameters '{schedule.Parameters}' cannot be read: {ex.Message}");
        }

        return failures.Count > before ? null : new ScheduledEntry(index, schedule, label, cron!, zone!, parameters, launch);
    }

    private static ScheduleLaunch ReadJob(JobSchedule schedule, Func<IJobRegistry> registry, string label, List<string> failures, out string? businessDate)
    {
        businessDate = null;
        if (string.IsNullOrWhiteSpace(schedule.Job))
        {
            failures.Add($"{label}: Job is missing: name the registered job to run.");
            return ScheduleLaunch.SameInstance;
        }

        IJob job;
        try
        {
            job = registry().GetJob(schedule.Job);
        }
        catch (NoSuchJobException)
        {
            var known = registry().JobNames;
            failures.Add($"{label}: Job '{schedule.Job}' is not a registered job; " +
                (known.Count == 0 ? "no jobs are registered." : $"the registered jobs are {string.Join(", ", known)}."));
            return ScheduleLaunch.SameInstance;
        }

        businessDate = (job as JobBase)?.BusinessDateParameter;
        return businessDate is not null ? ScheduleLaunch.CatchUp : job.Incrementer is not null ? ScheduleLaunch.NextInstance : ScheduleLaunch.SameInstance;
    }

    private static CronExpression? ReadCron(JobSchedule schedule, string label, List<string> failures)
    {
        var text = schedule.Cron?.Trim() ?? string.Empty;
        const string how = "write 5 fields (minute hour day-of-month month day-of-week, as in crontab: '*/10 * * * *' is every ten minutes, " +
            "'0 3 * * *' every day at 03:00), 6 fields with the seconds first, or a macro such as '@daily'.";
        if (text.Length == 0)
        {
            failures.Add($"{label}: Cron is missing: {how}");
            return null;
        }

        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 || text.Equals("@every_second", StringComparison.OrdinalIgnoreCase) ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (fields is not (5 or 6) && !(fields == 1 && text.StartsWith('@')))
        {
            failures.Add($"{label}: Cron '{text}' has {fields} field{(fields == 1 ? string.Empty : "s")}: {how}");
            return null;
        }

        try
        {
            return CronExpression.Parse(text, format);
        }
        catch (CronFormatException ex)
        {
            failures.Add($"{label}: Cron '{text}' is not a cron expression ({ex.Message.TrimEnd('.')}): {how}");
            return null;
        }
    }

    private static TimeZoneInfo? ReadZone(JobSchedule schedule, TimeProvider time, string label, List<string> failures)
    {
        var id = schedule.TimeZone?.Trim();
        if (string.IsNullOrEmpty(id) || id.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        if (id.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            return time.LocalTimeZone;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            failures.Add($"{label}: TimeZone '{id}' is not a time zone this system knows: write an IANA id such as 'Europe/Berlin' or 'Asia/Seoul', " +
                "'UTC' (the default), or 'Local' (the machine's zone).");
            return null;
        }
    }
}
