using System.CommandLine;
using System.Globalization;
using Batch.Launch;

namespace Batch.Hosting.CommandLine;

/// <summary><c>--wait</c> and <c>--max-wait</c> of the commands that launch: wait for a free slot of the job's launch group instead of being refused.</summary>
internal sealed class WaitOptions
{
    private readonly Option<bool> _wait;
    private readonly Option<TimeSpan?> _maxWait;

    private WaitOptions(Option<bool> wait, Option<TimeSpan?> maxWait)
    {
        _wait = wait;
        _maxWait = maxWait;
    }

    public static WaitOptions AddTo(Command command)
    {
        var wait = new Option<bool>("--wait")
        {
            Description = "When the job's launch group (MaxLiveExecutions, LaunchGroup) has no free slot, wait for one in order of arrival across processes " +
                          "instead of being refused (exit 4). Ctrl+C gives the place up.",
        };
        var maxWait = new Option<TimeSpan?>("--max-wait")
        {
            Description = "With --wait: give up (refused, exit 4) after this many minutes.",
            HelpName = "minutes",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is > 0 and <= 10_080)
                {
                    return TimeSpan.FromMinutes(minutes);
                }

                result.AddError($"'{CommandArguments.Cut(text)}' is not a number of minutes from 1 to 10080 (a week): write for example --max-wait 30.");
                return null;
            },
        };
        maxWait.Validators.Add(result =>
        {
            if (result.Parent?.GetValue(wait) is false)
            {
                result.AddError("--max-wait is only meaningful with --wait: write --wait --max-wait 30.");
            }
        });
        command.Options.Add(wait);
        command.Options.Add(maxWait);
        return new WaitOptions(wait, maxWait);
    }

    public LaunchOptions Read(ParseResult result) =>
        result.GetValue(_wait) ? LaunchOptions.WaitForSlot(result.GetValue(_maxWait)) : LaunchOptions.Default;
}
