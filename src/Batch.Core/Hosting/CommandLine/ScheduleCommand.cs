using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Batch.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batch.Hosting.CommandLine;

/// <summary><c>schedule</c>: runs the jobs of <c>Batch:Schedules</c> (or <c>batch.Schedule(...)</c>) at their cron times until stopped; <c>--list</c> only shows them.</summary>
internal static class ScheduleCommand
{
    public static Command Create(CommandSession session)
    {
        var list = new Option<bool>("--list") { Description = "Only list the schedules with their next times, and exit." };
        var command = new Command("schedule",
            "Runs the scheduled jobs (Batch:Schedules: Job, Cron, TimeZone, Parameters, Misfire) at their cron times in this process until Ctrl+C or " +
            "SIGTERM; a run missed while no scheduler ran is run once at start (Misfire FireOnceNow).")
        {
            list,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var scheduler = session.Context.Services.GetService<JobScheduler>() ?? throw new JobParametersInvalidException(
                "This application has no scheduler: its services were not made with AddBatch.");
            IReadOnlyList<KeyValuePair<JobSchedule, DateTimeOffset?>> entries;
            try
            {
                entries = scheduler.NextOccurrences();
            }
            catch (OptionsValidationException invalid)
            {
                throw new JobParametersInvalidException("The schedules are not valid: " + string.Join("; ", invalid.Failures));
            }

            if (entries.Count == 0)
            {
                throw new JobParametersInvalidException(
                    "There is nothing to schedule: add entries under Batch:Schedules (Job, Cron, and optionally TimeZone, Parameters, Misfire) " +
                    "or with batch.Schedule(job, cron) in code.");
            }

            var json = session.WantsJson(result);
            await WriteEntriesAsync(session, entries, json).ConfigureAwait(false);
            if (result.GetValue(list))
            {
                return BatchExitCodes.Completed;
            }

            if (!json)
            {
                await session.Output.WriteLineAsync("Scheduler running; Ctrl+C stops it (running jobs stop at their next chunk boundary).").ConfigureAwait(false);
                await session.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
            if (!json)
            {
                await session.Output.WriteLineAsync("Scheduler stopped.").ConfigureAwait(false);
            }

            return BatchExitCodes.Completed;
        });
        return command;
    }

    private static async Task WriteEntriesAsync(CommandSession session, IReadOnlyList<KeyValuePair<JobSchedule, DateTimeOffset?>> entries, bool json)
    {
        if (json)
        {
            await session.WriteJsonAsync(new JsonObject
            {
                ["schedules"] = new JsonArray([.. entries.Select(e => new JsonObject
                {
                    ["job"] = e.Key.Job,
                    ["cron"] = e.Key.Cron,
                    ["timeZone"] = e.Key.TimeZone ?? "UTC",
                    ["parameters"] = e.Key.Parameters,
                    ["misfire"] = e.Key.Misfire.ToString(),
                    ["next"] = e.Value,
                })]),
            }).ConfigureAwait(false);
            return;
        }

        foreach (var (schedule, next) in entries)
        {
            var when = next is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "never";
            var parameters = string.IsNullOrEmpty(schedule.Parameters) ? string.Empty : $"  [{schedule.Parameters}]";
            await session.Output.WriteLineAsync($"  {schedule.Job}  '{schedule.Cron}' {schedule.TimeZone ?? "UTC"}  next {when}{parameters}").ConfigureAwait(false);
        }
    }
}
