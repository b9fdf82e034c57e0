using System.Globalization;
using Batch.Dashboard.Rendering;

namespace Batch.Dashboard.Pages;

/// <summary>One execution: its times and exit status, its parameters, its steps with their counts and exit messages, the live progress of its running steps and, when enabled, its actions.</summary>
internal static class ExecutionPage
{
    public static async Task<string?> RenderAsync(DashboardRequest request, long id)
    {
        if (await request.Explorer.GetJobExecutionAsync(id, request.Aborted).ConfigureAwait(false) is not { } execution)
        {
            return null;
        }

        var progress = await DashboardData.ProgressAsync(request, [execution]).ConfigureAwait(false);
        var html = Layout.Begin(request, $"Execution #{execution.Id} of {execution.JobName}");

        html.Raw("<section id=\"summary\"><dl class=\"summary\">")
            .Raw("<dt>Job</dt><dd>").Link(request.Url("/jobs/" + Uri.EscapeDataString(execution.JobName)), execution.JobName).Raw("</dd>")
            .Raw("<dt>Instance</dt><dd>").Text(Format.Id(execution.JobInstance.Id)).Raw("</dd>")
            .Raw("<dt>Status</dt><dd id=\"status\">").Status(execution.Status).Raw("</dd>")
            .Raw("<dt>Exit code</dt><dd>").Text(execution.ExitStatus.ExitCode).Raw("</dd>")
            .Raw("<dt>Created</dt><dd>").Text(Format.Instant(execution.CreateTime)).Raw("</dd>")
            .Raw("<dt>Started</dt><dd>").Text(Format.Instant(execution.StartTime)).Raw("</dd>")
            .Raw("<dt>Ended</dt><dd>").Text(Format.Instant(execution.EndTime)).Raw("</dd>")
            .Raw("<dt>Duration</dt><dd>").Text(Format.Duration(execution.StartTime, execution.EndTime, request.Now)).Raw("</dd>")
            .Raw("<dt>Last updated</dt><dd>").Text(Format.Instant(execution.LastUpdated)).Raw("</dd>")
            .Raw("</dl>");
        if (!string.IsNullOrEmpty(execution.ExitStatus.ExitDescription))
        {
            html.Raw("<h3>Exit message</h3><pre class=\"exit\">").Text(execution.ExitStatus.ExitDescription).Raw("</pre>");
        }

        html.Raw("</section>");
        Actions(html, request, execution);

        if (execution.IsRunning)
        {
            html.Raw("<section id=\"running\"><h2>Progress</h2>");
            Tables.Progress(html, request, progress, request.Url($"/api/executions/{execution.Id}/progress"));
            html.Raw("</section>");
        }

        html.Raw("<section id=\"parameters\"><h2>Parameters</h2>");
        if (execution.JobParameters.IsEmpty)
        {
            html.Raw("<p class=\"empty\">No parameters.</p>");
        }
        else
        {
            html.Raw("<table class=\"parameters\"><thead><tr><th>Name</th><th>Type</th><th>Value</th><th>Identifying</th></tr></thead><tbody>");
            foreach (var (name, parameter) in execution.JobParameters)
            {
                html.Raw("<tr>").Cell(name).Cell(parameter.Type.ToString()).Cell(Value(parameter.Value)).Cell(parameter.Identifying ? "yes" : "no").Raw("</tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section><section id=\"steps\"><h2>Steps</h2>");
        if (execution.StepExecutions.Count == 0)
        {
            html.Raw("<p class=\"empty\">No step has started.</p>");
        }
        else
        {
            html.Raw("<table class=\"steps\"><thead><tr><th>Step</th><th>Status</th><th>Read</th><th>Written</th><th>Filtered</th>")
                .Raw("<th>Skipped (read/process/write)</th><th>Commits</th><th>Rollbacks</th><th>Started</th><th>Duration</th><th>Exit code</th></tr></thead><tbody>");
            foreach (var step in execution.StepExecutions)
            {
                html.Raw("<tr data-step=\"").Text(step.StepName).Raw("\">").Cell(step.StepName).Raw("<td>").Status(step.Status).Raw("</td>")
                    .Cell(Format.Number(step.ReadCount), "read").Cell(Format.Number(step.WriteCount), "write").Cell(Format.Number(step.FilterCount), "filter")
                    .Cell($"{Format.Number(step.SkipCount)} ({Format.Number(step.ReadSkipCount)}/{Format.Number(step.ProcessSkipCount)}/{Format.Number(step.WriteSkipCount)})", "skip")
                    .Cell(Format.Number(step.CommitCount), "commit").Cell(Format.Number(step.RollbackCount), "rollback")
                    .Cell(Format.Instant(step.StartTime)).Cell(Format.Duration(step.StartTime, step.EndTime, request.Now)).Cell(step.ExitStatus.ExitCode)
                    .Raw("</tr>");
                if (step.Counters is { Count: > 0 } counters)
                {
                    html.Raw("<tr class=\"counters\"><td colspan=\"11\">");
                    var first = true;
                    foreach (var (name, count) in counters)
                    {
                        html.Raw(first ? string.Empty : " · ").Text(name).Raw(" <span class=\"counter\">").Text(Format.Number(count)).Raw("</span>");
                        first = false;
                    }

                    html.Raw("</td></tr>");
                }

                if (!string.IsNullOrEmpty(step.ExitStatus.ExitDescription))
                {
                    html.Raw("<tr class=\"exit\"><td colspan=\"11\"><pre>").Text(step.ExitStatus.ExitDescription).Raw("</pre></td></tr>");
                }
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section>");
        return Layout.End(html, request).ToString();
    }

    private static void Actions(HtmlBuilder html, DashboardRequest request, JobExecution execution)
    {
        if (request.AntiforgeryToken() is not { } tokens)
        {
            return;
        }

        html.Raw("<section id=\"actions\"><h2>Actions</h2><div class=\"actions\">");
        var path = $"/executions/{execution.Id}/";
        if (execution.IsRunning)
        {
            ActionForms.Button(html, request, tokens, path + "stop", "Stop", "stop");
        }

        if (execution.Status is BatchStatus.Failed or BatchStatus.Stopped or BatchStatus.Unknown)
        {
            ActionForms.Button(html, request, tokens, path + "restart", "Restart", "restart");
        }

        if (execution.Status is not (BatchStatus.Completed or BatchStatus.Abandoned))
        {
            ActionForms.Button(html, request, tokens, path + "abandon", "Abandon", "abandon");
        }

        if (request.Registry?.JobNames.Contains(execution.JobName) == true)
        {
            ActionForms.Button(html, request, tokens, "/jobs/" + Uri.EscapeDataString(execution.JobName) + "/next", "Run next instance", "next");
        }

        html.Raw("</div></section>");
    }

    private static string Value(object value) => value switch
    {
        DateTimeOffset instant => instant.ToString("O", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
