using System.CommandLine;
using System.Globalization;
using Batch.Diagnostics;
using Batch.Hosting.Console;
using Spectre.Console;

namespace Batch.Hosting.CommandLine;

/// <summary>
/// The live progress bars of the command line (Spectre.Console): one per running step of the process, with its items, percentage,
/// rate and projected end, while a command runs a job on an interactive terminal. Elsewhere the command just runs. Meanwhile the
/// lines of the Batch console logger are written above the bars.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    public static async Task<T> WhileRunningAsync<T>(CommandSession session, ParseResult result, Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        if (!session.Context.Interactive || !session.Options.ProgressBars || session.WantsJson(result))
        {
            return await run(cancellationToken).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(session.Output),
        });
        // On the thread pool: a job whose repository and writers complete synchronously (SQLite) would otherwise run to its end
        // before the first bar is drawn.
        // The Batch console logger's lines (AddBatchConsole) go through the bars' console meanwhile: above the bars, never into them.
        using var logLines = (session.Context.Services.GetService(typeof(ConsoleLogLines)) as ConsoleLogLines)?.GoLive(console);
        var running = Task.Run(() => run(cancellationToken), CancellationToken.None);
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<long, ProgressTask>();
                while (true)
                {
                    Update(context, bars);
                    if (running.IsCompleted)
                    {
                        break;
                    }

                    await Task.WhenAny(running, Task.Delay(Refresh, CancellationToken.None)).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return await running.ConfigureAwait(false);
    }

    /// <summary>Adds a bar for each newly running step, moves the others, and completes those that ended.</summary>
    internal static void Update(ProgressContext context, Dictionary<long, ProgressTask> bars)
    {
        var seen = new HashSet<long>();
        foreach (var step in RunningSteps.Snapshot())
        {
            seen.Add(step.StepExecutionId);
            if (!bars.TryGetValue(step.StepExecutionId, out var bar))
            {
                bar = context.AddTask(Describe(step), maxValue: Math.Max(1, step.ItemsExpected ?? 1));
                bars[step.StepExecutionId] = bar;
            }

            bar.IsIndeterminate = step.ItemsExpected is null;
            if (step.ItemsExpected is { } total)
            {
                bar.MaxValue = Math.Max(1, total);
                bar.Value = Math.Min(step.ItemsDone, bar.MaxValue);
            }

            bar.Description = Describe(step);
        }

        foreach (var (id, bar) in bars)
        {
            if (!seen.Contains(id) && !bar.IsFinished)
            {
                bar.IsIndeterminate = false;
                bar.Value = bar.MaxValue;
                bar.StopTask();
            }
        }
    }

    private static string Describe(StepProgressSnapshot step)
    {
        var items = step.ItemsExpected is { } total
            ? string.Create(CultureInfo.InvariantCulture, $"{step.ItemsDone:N0}/{total:N0}")
            : string.Create(CultureInfo.InvariantCulture, $"{step.ItemsDone:N0} items");
        var rate = string.Create(CultureInfo.InvariantCulture, $"{step.ItemsPerSecond:N0}/s");
        var end = step.ProjectedEnd is { } at ? string.Create(CultureInfo.InvariantCulture, $", ends {at.ToLocalTime():HH:mm:ss}") : string.Empty;
        return Markup.Escape($"{step.JobName} › {step.StepName}: {items}, {rate}{end}");
    }
}
