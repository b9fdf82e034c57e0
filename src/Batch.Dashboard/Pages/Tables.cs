using Batch.Dashboard.Progress;
using Batch.Dashboard.Rendering;

namespace Batch.Dashboard.Pages;

/// <summary>Tables more than one page shows: executions, and the progress of running steps (which the script refreshes).</summary>
internal static class Tables
{
    public static void Executions(HtmlBuilder html, DashboardRequest request, IReadOnlyList<JobExecution> executions, bool showJob = true)
    {
        if (executions.Count == 0)
        {
            html.Raw("<p class=\"empty\">No executions.</p>");
            return;
        }

        html.Raw("<table class=\"executions\"><thead><tr><th>Execution</th>")
            .Raw(showJob ? "<th>Job</th>" : string.Empty)
            .Raw("<th>Instance</th><th>Status</th><th>Started</th><th>Duration</th><th>Exit code</th></tr></thead><tbody>");
        foreach (var execution in executions)
        {
            html.Raw("<tr data-execution=\"").Text(Format.Id(execution.Id)).Raw("\"><td>").Link(request.Url($"/executions/{execution.Id}"), $"#{execution.Id}").Raw("</td>");
            if (showJob)
            {
                html.Raw("<td>").Link(request.Url("/jobs/" + Uri.EscapeDataString(execution.JobName)), execution.JobName).Raw("</td>");
            }

            html.Cell(Format.Id(execution.JobInstance.Id))
                .Raw("<td>").Status(execution.Status).Raw("</td>")
                .Cell(Format.Instant(execution.StartTime ?? execution.CreateTime))
                .Cell(Format.Duration(execution.StartTime, execution.EndTime, request.Now))
                .Cell(execution.ExitStatus.ExitCode)
                .Raw("</tr>");
        }

        html.Raw("</tbody></table>");
    }

    /// <summary>
    /// The running steps, in a table the script refreshes from <paramref name="sourceUrl"/> every
    /// <see cref="BatchDashboardOptions.RefreshInterval"/>.
    /// </summary>
    public static void Progress(HtmlBuilder html, DashboardRequest request, IReadOnlyList<StepProgressView> steps, string sourceUrl)
    {
        html.Raw("<div class=\"progress\" data-progress-url=\"").Text(sourceUrl)
            .Raw("\" data-refresh-ms=\"").Text(((long)request.Options.RefreshInterval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Raw("\" data-execution-base=\"").Text(request.Url("/executions/")).Raw("\">")
            .Raw("<p class=\"empty\"").Raw(steps.Count == 0 ? string.Empty : " hidden").Raw(">No step is running.</p>")
            .Raw("<table").Raw(steps.Count == 0 ? " hidden" : string.Empty)
            .Raw("><thead><tr><th>Execution</th><th>Job</th><th>Step</th><th>Items done</th><th>Progress</th><th>Rate</th><th>Elapsed</th><th>Projected end</th></tr></thead><tbody>");
        foreach (var step in steps)
        {
            html.Raw("<tr data-step=\"").Text(step.StepName).Raw("\" data-execution=\"").Text(Format.Id(step.ExecutionId)).Raw("\">")
                .Raw("<td>").Link(request.Url($"/executions/{step.ExecutionId}"), $"#{step.ExecutionId}").Raw("</td>")
                .Cell(step.JobName).Cell(step.StepName)
                .Cell(step.ItemsDoneText, "done")
                .Raw("<td class=\"percent\"><progress max=\"100\"").Raw(step.Percent is { } p ? $" value=\"{p.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"" : string.Empty).Raw("></progress> <span>").Text(step.PercentText).Raw("</span></td>")
                .Cell(step.RateText, "rate")
                .Cell(step.ElapsedText, "elapsed")
                .Raw("<td class=\"eta\" title=\"").Text(step.Basis).Raw("\">").Text(step.EtaText).Raw("</td></tr>");
        }

        html.Raw("</tbody></table></div>");
    }
}
