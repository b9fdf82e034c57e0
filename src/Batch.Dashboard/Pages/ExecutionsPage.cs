using System.Globalization;
using Batch.Dashboard.Rendering;

namespace Batch.Dashboard.Pages;

/// <summary>The executions list: newest first, filtered by job and status, one page at a time (one explorer query per page).</summary>
internal static class ExecutionsPage
{
    private static readonly BatchStatus[] Statuses =
        [BatchStatus.Starting, BatchStatus.Started, BatchStatus.Stopping, BatchStatus.Stopped, BatchStatus.Failed, BatchStatus.Completed, BatchStatus.Abandoned, BatchStatus.Unknown];

    public static async Task<string?> RenderAsync(DashboardRequest request)
    {
        var query = request.Http.Request.Query;
        var job = query["job"].ToString() is { Length: > 0 } j ? j : null;
        var statusText = query["status"].ToString().Trim();
        var known = Array.FindIndex(Statuses, c => c.ToCode().Equals(statusText, StringComparison.OrdinalIgnoreCase));
        BatchStatus? status = known >= 0 ? Statuses[known] : null; // a status that is not one is ignored, and the page says so
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 1_000_000 ? p : 1;
        var size = request.Options.ExecutionsPageSize;

        var filter = new JobExecutionQuery { JobName = job, Status = status };
        var found = await request.Explorer.FindJobExecutionsAsync(filter, (page - 1) * size, size + 1, request.Aborted).ConfigureAwait(false);
        var jobs = await DashboardData.JobNamesAsync(request).ConfigureAwait(false);

        var html = Layout.Begin(request, "Executions");
        html.Raw("<form method=\"get\" class=\"filter\" action=\"").Text(request.Url("/executions")).Raw("\">")
            .Raw("<label>Job <select name=\"job\"><option value=\"\">every job</option>");
        foreach (var name in jobs)
        {
            html.Raw("<option value=\"").Text(name).Raw(name == job ? "\" selected>" : "\">").Text(name).Raw("</option>");
        }

        html.Raw("</select></label> <label>Status <select name=\"status\"><option value=\"\">any status</option>");
        foreach (var candidate in Statuses)
        {
            html.Raw("<option value=\"").Text(candidate.ToCode()).Raw(candidate == status ? "\" selected>" : "\">").Text(candidate.ToCode()).Raw("</option>");
        }

        html.Raw("</select></label> <button type=\"submit\">Filter</button></form>");
        if (statusText.Length > 0 && status is null)
        {
            html.Raw("<p class=\"notice\">").Text($"'{statusText}' is not a status ({string.Join(", ", Statuses.Select(c => c.ToCode()))}): executions of every status are shown.").Raw("</p>");
        }

        Tables.Executions(html, request, [.. found.Take(size)]);

        html.Raw("<nav class=\"pages\">");
        if (page > 1)
        {
            html.Link(PageUrl(request, job, status, page - 1), "← Newer");
        }

        html.Raw(" <span>").Text($"page {page}").Raw("</span> ");
        if (found.Count > size)
        {
            html.Link(PageUrl(request, job, status, page + 1), "Older →");
        }

        html.Raw("</nav>");
        return Layout.End(html, request).ToString();
    }

    private static string PageUrl(DashboardRequest request, string? job, BatchStatus? status, int page)
    {
        var url = request.Url("/executions") + "?page=" + page.ToString(CultureInfo.InvariantCulture);
        if (job is not null)
        {
            url += "&job=" + Uri.EscapeDataString(job);
        }

        if (status is { } s)
        {
            url += "&status=" + s.ToCode();
        }

        return url;
    }
}
