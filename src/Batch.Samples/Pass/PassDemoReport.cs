using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Batch.Model;

namespace Samples.Pass;

/// <summary>What <c>pass-demo</c> did, and how it is printed: a header, then per job its execution, a table of its steps with the job repository's counts, and the changes the sample's queries saw.</summary>
/// <param name="Now">The business time the jobs ran at.</param>
/// <param name="Database">Which database (<see cref="PassDatabase.Description"/>).</param>
/// <param name="Seeded">The data set seeded by this run, or null when the tables already held members.</param>
/// <param name="Members">The members in the tables before the jobs ran.</param>
/// <param name="MessagingUrl">Where notifications were sent, or null when no URL is known (a sender of another kind is registered).</param>
/// <param name="StandInFile">The stand-in messaging service's file, or null when a configured messaging service was used.</param>
internal sealed record PassDemoReport(DateTime Now, string Database, PassDataSet? Seeded, int Members, string? MessagingUrl, string? StandInFile)
{
    /// <summary>The jobs run, in order; the last one did not complete when the demo stopped early.</summary>
    public List<PassDemoJobResult> Jobs { get; } = [];

    /// <summary>Whether all five jobs completed.</summary>
    public bool Completed => Jobs.Count == PassSample.JobNames.Count && Jobs.TrueForAll(j => j.Execution.Status == BatchStatus.Completed);

    /// <summary>Rows and files changed by all the jobs.</summary>
    public long Changed => Jobs.Sum(j => j.Changed);

    /// <summary>The lines printed before the first job runs.</summary>
    public string Header()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Pass demo: the five pass jobs at now = {Now:yyyy-MM-ddTHH:mm:ssZ}, on {Database}.\n");
        if (Seeded is { } set)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Seeded {set.Members.Count} members, {set.Groups.Count} groups, {set.Packages.Count} packages, {set.Passes.Count} passes, {set.BulkPasses.Count} bulk passes and {set.Bookings.Count} bookings around now (the pass tables were empty).\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"The pass tables already hold {Members} members: the jobs run on them as they are (seed --reset starts over).\n");
        }

        if (StandInFile is not null)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Notifications go to the demo's stand-in messaging service at {MessagingUrl} (Pass:Notifications:Url is not set); it sends nothing and writes what it receives to {StandInFile}.\n");
        }
        else if (MessagingUrl is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Notifications go to the messaging service at {MessagingUrl} (Pass:Notifications:Url).\n");
        }

        return text.ToString();
    }

    /// <summary>One job's section: its execution, a table of its steps with their counts, what changed, the files written.</summary>
    public static string Section(PassDemoJobResult job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var text = new StringBuilder();
        {
            var execution = job.Execution;
            text.Append(CultureInfo.InvariantCulture, $"\n{execution.JobName}: execution {execution.Id} (instance {execution.JobInstance.Id}), {execution.Status.ToCode()}\n");
            var width = Math.Max(8, execution.StepExecutions.Max(s => s.StepName.Length)) + 2;
            text.Append("  ").Append("step".PadRight(width)).Append("    read  written  commits\n");
            foreach (var step in execution.StepExecutions)
            {
                text.Append("  ").Append(step.StepName.PadRight(width))
                    .Append(CultureInfo.InvariantCulture, $"{step.ReadCount,8} {step.WriteCount,8} {step.CommitCount,8}\n");
            }

            foreach (var (what, count) in job.Changes)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {what}: {count}\n");
            }

            foreach (var (what, count) in job.Facts)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {what}: {count}\n");
            }

            foreach (var file in job.Files)
            {
                text.Append(CultureInfo.InvariantCulture, $"  report written: {file.Path} ({(file.Changed ? "new content" : "the same content as before")})\n");
            }

            if (execution.Status != BatchStatus.Completed)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"  {execution.ExitStatus.ExitDescription.Split('\n')[0]}\n  The demo stopped here. 'restart {execution.Id}' resumes this execution; running pass-demo again runs new instances, which do what is left.\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The closing line: how much changed in all; empty when a job did not complete.</summary>
    public string Closing()
    {
        var text = new StringBuilder();
        if (Completed)
        {
            text.Append('\n').Append(Changed == 0
                ? "Nothing changed: every job ran again as a new instance and found nothing left to do at this time, so nothing was done twice (the reports were written again with the same content).\n"
                : string.Create(CultureInfo.InvariantCulture, $"{Changed} rows and files changed in all. Running pass-demo again changes nothing: each job finds its work in the data, and that work is done.\n"));
        }

        return text.ToString();
    }

    /// <summary>The report as one JSON document (<c>--json</c>).</summary>
    public JsonObject ToJson()
    {
        var jobs = new JsonArray();
        foreach (var job in Jobs)
        {
            var steps = new JsonArray();
            foreach (var step in job.Execution.StepExecutions)
            {
                steps.Add(new JsonObject
                {
                    ["name"] = step.StepName,
                    ["status"] = step.Status.ToCode(),
                    ["read"] = step.ReadCount,
                    ["written"] = step.WriteCount,
                    ["commits"] = step.CommitCount,
                });
            }

            var changes = new JsonObject();
            foreach (var (what, count) in job.Changes.Concat(job.Facts))
            {
                changes[what] = count;
            }

            var files = new JsonArray();
            foreach (var file in job.Files)
            {
                files.Add(new JsonObject { ["path"] = file.Path, ["changed"] = file.Changed });
            }

            jobs.Add(new JsonObject
            {
                ["job"] = job.Execution.JobName,
                ["executionId"] = job.Execution.Id,
                ["status"] = job.Execution.Status.ToCode(),
                ["steps"] = steps,
                ["changes"] = changes,
                ["changed"] = job.Changed,
                ["files"] = files,
            });
        }

        return new JsonObject
        {
            ["now"] = Now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["database"] = Database,
            ["seeded"] = Seeded is null ? null : new JsonObject { ["members"] = Seeded.Members.Count, ["passes"] = Seeded.Passes.Count, ["bookings"] = Seeded.Bookings.Count },
            ["messaging"] = new JsonObject { ["url"] = MessagingUrl, ["standInFile"] = StandInFile },
            ["jobs"] = jobs,
            ["changed"] = Changed,
            ["completed"] = Completed,
        };
    }
}
