using Batch.Dashboard.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Dashboard.Pages;

/// <summary>
/// The main page: running steps with their progress and projected end, every job with its last execution, the newest executions,
/// and the application's panels. It reads, per job, its live executions and its newest execution, and one page of the newest
/// executions — never the whole history.
/// </summary>
internal static class OverviewPage
{
    public static async Task<string?> RenderAsync(DashboardRequest request)
    {
        var jobs = await DashboardData.JobNamesAsync(request).ConfigureAwait(false);
        var running = await DashboardData.RunningAsync(request, jobs).ConfigureAwait(false);
        var progress = await DashboardData.ProgressAsync(request, running).ConfigureAwait(false);
        var html = Layout.Begin(request, "Jobs");

        html.Raw("<section id=\"running\"><h2>Running steps</h2>");
        Tables.Progress(html, request, progress, request.Url("/api/progress"));
        html.Raw("</section>");

        html.Raw("<section id=\"jobs\"><h2>Jobs</h2>");
        if (jobs.Count == 0)
        {
            html.Raw("<p class=\"empty\">No job is registered and the repository has no history.</p>");
        }
        else
        {
            var token = request.AntiforgeryToken();
            html.Raw("<table class=\"jobs\"><thead><tr><th>Job</th><th>Last execution</th><th>Status</th><th>Started</th><th>Duration</th><th>Exit code</th>")
                .Raw(token is null ? string.Empty : "<th>Actions</th>").Raw("</tr></thead><tbody>");
            foreach (var job in jobs)
            {
                var last = (await request.Explorer.FindJobExecutionsAsync(new JobExecutionQuery { JobName = job }, 0, 1, request.Aborted).ConfigureAwait(false)) is [var newest, ..] ? newest : null;
                html.Raw("<tr data-job=\"").Text(job).Raw("\"><td>").Link(request.Url("/jobs/" + Uri.EscapeDataString(job)), job).Raw("</td>");
                if (last is null)
                {
                    html.Raw("<td colspan=\"5\" class=\"empty\">never ran</td>");
                }
                else
                {
                    html.Raw("<td>").Link(request.Url($"/executions/{last.Id}"), $"#{last.Id}").Raw("</td>")
                        .Raw("<td>").Status(last.Status).Raw("</td>")
                        .Cell(Format.Instant(last.StartTime ?? last.CreateTime))
                        .Cell(Format.Duration(last.StartTime, last.EndTime, request.Now))
                        .Cell(last.ExitStatus.ExitCode);
                }

                if (token is not null)
                {
                    html.Raw("<td>");
                    if (request.Registry?.JobNames.Contains(job) == true)
                    {
                        ActionForms.Button(html, request, token, "/jobs/" + Uri.EscapeDataString(job) + "/next", "Run next instance", "next");
                    }

                    html.Raw("</td>");
                }

                html.Raw("</tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section>");

        var recent = await request.Explorer.FindJobExecutionsAsync(JobExecutionQuery.All, 0, request.Options.OverviewExecutions, request.Aborted).ConfigureAwait(false);
        html.Raw("<section id=\"recent\"><h2>Recent executions</h2>");
        Tables.Executions(html, request, recent);
        html.Raw("<p>").Link(request.Url("/executions"), "All executions").Raw("</p></section>");

        var panels = request.Http.RequestServices.GetServices<IDashboardPanel>().Select((panel, index) => (panel, index))
            .OrderBy(p => p.panel.Order).ThenBy(p => p.index).Select(p => p.panel).ToList();
        if (panels.Count > 0)
        {
            var context = new DashboardPanelContext(request.Http, request.Explorer, request.Path);
            foreach (var panel in panels)
            {
                html.Raw("<section class=\"panel\"><h2>").Text(panel.Title).Raw("</h2>");
                using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                await panel.WriteAsync(context, writer, request.Aborted).ConfigureAwait(false);
                html.Raw(writer.ToString()).Raw("</section>");
            }
        }

        return Layout.End(html, request).ToString();
    }
}
