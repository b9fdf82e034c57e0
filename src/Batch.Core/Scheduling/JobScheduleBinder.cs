using Microsoft.Extensions.Configuration;

namespace Batch.Scheduling;

/// <summary>
/// Reads the <c>Schedules</c> section (a list: <c>Schedules:0:Job</c>, <c>Schedules:0:Cron</c>, ...) into <see cref="JobSchedulerOptions"/>
/// by hand, as <c>BatchOptionsBinder</c> does (Core takes no configuration binder): what cannot be read is kept in
/// <see cref="JobSchedulerOptions.BindingErrors"/>, for the validator to report with the rest.
/// </summary>
internal static class JobScheduleBinder
{
    private static readonly string[] Keys = [nameof(JobSchedule.Job), nameof(JobSchedule.Cron), nameof(JobSchedule.TimeZone), nameof(JobSchedule.Parameters), nameof(JobSchedule.Misfire)];

    public static void Bind(IConfigurationSection schedules, JobSchedulerOptions options)
    {
        if (schedules.Value is { Length: > 0 } flat)
        {
            options.BindingErrors.Add($"'{schedules.Path}' is '{flat}', not a list of schedules: write '{schedules.Path}:0:Job', '{schedules.Path}:0:Cron', ... for each entry.");
            return;
        }

        foreach (var entry in schedules.GetChildren())
        {
            options.Schedules.Add(Read(entry, options.BindingErrors));
        }
    }

    private static JobSchedule Read(IConfigurationSection entry, List<string> errors)
    {
        var schedule = new JobSchedule
        {
            Origin = entry.Path,
            Job = entry[nameof(JobSchedule.Job)]?.Trim() ?? string.Empty,
            Cron = entry[nameof(JobSchedule.Cron)]?.Trim() ?? string.Empty,
            TimeZone = entry[nameof(JobSchedule.TimeZone)]?.Trim(),
            Parameters = entry[nameof(JobSchedule.Parameters)],
        };
        foreach (var child in entry.GetChildren())
        {
            if (!Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"'{child.Path}' is not a schedule setting: an entry has {string.Join(", ", Keys)}.");
            }
        }

        if (entry[nameof(JobSchedule.Misfire)] is { Length: > 0 } misfire)
        {
            if (Enum.TryParse<MisfirePolicy>(misfire.Trim(), ignoreCase: true, out var policy) && Enum.IsDefined(policy) && !char.IsAsciiDigit(misfire.Trim()[0]))
            {
                schedule.Misfire = policy;
            }
            else
            {
                errors.Add($"'{entry.Path}:{nameof(JobSchedule.Misfire)}' is '{misfire}': write '{nameof(MisfirePolicy.FireOnceNow)}' (run once at start when " +
                    $"occurrences were missed while the process was down, the default) or '{nameof(MisfirePolicy.Skip)}'.");
            }
        }

        return schedule;
    }
}
