using Batch.Dashboard.Rendering;

namespace Batch.Dashboard.Pages;

/// <summary>One job: the chart of its newest executions' durations, its newest executions, and (when enabled) the run-next action.</summary>
internal static class JobPage
{
    public static async Task<string?> RenderAsync(DashboardRequest request, string job)
    {
        var registered = request.Registry?.JobNames.Contains(job) == true;
        var history = await request.Explorer.FindJobExecutionsAsync(
            new JobExecutionQuery { JobName = job }, 0, request.Options.HistoryChartExecutions, request.Aborted).ConfigureAwait(false);
        if (!registered && history.Count == 0)
        {
            return null;
        }

        var html = Layout.Begin(request, $"Job {job}");
        if (!registered)
        {
            html.Raw("<p class=\"notice\">This job has history but is not registered in this application.</p>");
        }

        if (registered && request.AntiforgeryToken() is { } tokens)
        {
            html.Raw("<section id=\"actions\"><div class=\"actions\">");
            ActionForms.Button(html, request, tokens, "/jobs/" + Uri.EscapeDataString(job) + "/next", "Run next instance", "next");
            html.Raw("</div></section>");
        }

        html.Raw("<section id=\"history\"><h2>Durations</h2>");
        DurationChart.Write(html, history, request.Now, id => request.Url($"/executions/{id}"));
        html.Raw("</section><section id=\"executions\"><h2>Newest executions</h2>");
        Tables.Executions(html, request, [.. history.Take(request.Options.ExecutionsPageSize)], showJob: false);
        html.Raw("<p>").Link(request.Url("/executions?job=" + Uri.EscapeDataString(job)), "All executions of this job").Raw("</p></section>");
        return Layout.End(html, request).ToString();
    }
}
