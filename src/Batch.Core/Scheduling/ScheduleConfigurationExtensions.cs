using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batch.Scheduling;

/// <summary>Schedules from a configuration list on their own, for an application whose <c>Batch</c> section holds settings that are not <see cref="BatchOptions"/>.</summary>
public static class ScheduleConfigurationExtensions
{
    /// <summary>
    /// Adds the schedule entries of a configuration list (<c>Batch:Schedules:0:Job</c>, <c>:Cron</c>, <c>:TimeZone</c>, <c>:Parameters</c>,
    /// <c>:Misfire</c>), after those added in code, without reading the rest of its parent section as <see cref="BatchOptions"/> — what
    /// <see cref="BatchBuilder.BindConfiguration"/> does besides, and which refuses keys it does not know (such as the <c>Provider</c> and
    /// <c>ConnectionString</c> of a repository configured in the same section). Entries are checked as those of <c>BindConfiguration</c>
    /// are: when the host starts, each failure naming the entry and field. Call one of the two for a section, not both.
    /// </summary>
    /// <param name="batch">The Batch builder.</param>
    /// <param name="schedules">The list itself, for example <c>configuration.GetSection("Batch:Schedules")</c>; a missing section adds nothing.</param>
    /// <returns>The builder.</returns>
    /// <example><code>batch.UseConfiguredRepository(configuration.GetSection("Batch")).BindSchedules(configuration.GetSection("Batch:Schedules"))</code></example>
    public static BatchBuilder BindSchedules(this BatchBuilder batch, IConfiguration schedules)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(schedules);
        if (schedules is not IConfigurationSection section)
        {
            throw new ArgumentException("Give the list's section, for example configuration.GetSection(\"Batch:Schedules\").", nameof(schedules));
        }

        batch.Services.AddSingleton<IConfigureOptions<JobSchedulerOptions>>(new ConfigureNamedOptions<JobSchedulerOptions>(
            Options.DefaultName, o => JobScheduleBinder.Bind(section, o)));
        return batch;
    }
}
