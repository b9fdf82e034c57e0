using System.CommandLine;
using System.Globalization;
using Batch.Exceptions;
using Batch.Hosting;

namespace Samples.Pass;

/// <summary>
/// <c>pass-demo [--members n] [--now time] [--output folder]</c>, the README's first command: seeds the pass tables when they hold no
/// members, runs the five pass jobs end to end at one business time, and prints what each did — its steps with the job repository's
/// counts, and the rows it changed, notifications sent and report files written as the sample's own queries see them. Safe to run again:
/// the second run starts new instances that find nothing left to do, and says so. Exit code 0 when every job completed, 1 when one did not
/// (the demo stops there), 3 when it was stopped (Ctrl+C), as <c>run</c> does. See <see cref="PassDemo"/>.
/// </summary>
internal sealed class PassDemoCommand : IBatchCommand
{
    public const string Name = "pass-demo";
    public const string DefaultOutput = "pass-demo";
    private const int MaxMembers = 1_000_000;

    public Command CreateCommand(BatchCommandContext context)
    {
        var members = new Option<int>("--members") { Description = "How many members to seed when the pass tables are empty (1 to 1,000,000).", DefaultValueFactory = _ => 1000 };
        var now = new Option<string>("--now")
        {
            Description = "The business time the jobs run at, and the seed's anchor, ISO 8601 (default 2026-12-01T00:00:00Z, the seed's default).",
            DefaultValueFactory = _ => PassDataSet.DefaultAnchor.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        var output = new Option<string>("--output")
        {
            Description = "The folder for make-statistics' report files and the stand-in messaging service's messages.jsonl.",
            DefaultValueFactory = _ => DefaultOutput,
        };
        var command = new Command(Name,
            "Seeds the pass sample's tables when empty, runs its five jobs (use-passes, expire-passes, add-passes, notify-before-class, " +
            "make-statistics) at one business time and prints what each changed. Running it again changes nothing.")
        {
            members, now, output,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var count = result.GetValue(members);
            if (count is < 1 or > MaxMembers)
            {
                throw new JobParametersInvalidException($"--members is {count}; give a number from 1 to {MaxMembers:N0} (the seed command takes more).");
            }

            var text = result.GetValue(now);
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new JobParametersInvalidException($"--now is '{text}', which is not a time: write it in ISO 8601, for example 2026-12-01T00:00:00Z.");
            }

            var json = context.WantsJson(result);
            var report = await new PassDemo(context.Services).RunAsync(count, at.UtcDateTime, result.GetValue(output) ?? DefaultOutput,
                json ? null : started => context.Output.Write(started.Header()),
                json ? null : ended => context.Output.Write(PassDemoReport.Section(ended)),
                cancellationToken);
            await context.Output.WriteLineAsync(json ? report.ToJson().ToJsonString() : report.Closing());

            return report.Completed ? BatchExitCodes.Completed
                : report.Jobs.Count > 0 && report.Jobs[^1].Execution.Status == Batch.Model.BatchStatus.Stopped ? BatchExitCodes.Stopped
                : BatchExitCodes.Failed;
        });
        return command;
    }
}
