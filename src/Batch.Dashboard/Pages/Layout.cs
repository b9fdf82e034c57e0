using Batch.Dashboard.Rendering;

namespace Batch.Dashboard.Pages;

/// <summary>The frame of every page: head with the embedded style, the navigation, the body, the embedded script.</summary>
internal static class Layout
{
    public static HtmlBuilder Begin(DashboardRequest request, string title)
    {
        var html = new HtmlBuilder();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text(title).Raw(" · Batch</title>")
            .Raw("<link rel=\"stylesheet\" href=\"").Text(request.Url("/assets/dashboard.css")).Raw("\">")
            .Raw("</head><body><header><nav>")
            .Raw("<a class=\"brand\" href=\"").Text(request.Url("/")).Raw("\">Batch</a>")
            .Raw("<a href=\"").Text(request.Url("/")).Raw("\">Jobs</a>")
            .Raw("<a href=\"").Text(request.Url("/executions")).Raw("\">Executions</a>")
            .Raw(request.Options.EnableActions ? "<span class=\"mode\">actions enabled</span>" : "<span class=\"mode\">read-only</span>")
            .Raw("</nav></header><main>")
            .Raw("<h1>").Text(title).Raw("</h1>");
        if (request.Http.Request.Query["message"].ToString() is { Length: > 0 } message
            && NoticeSignature.IsValid(message, request.Http.Request.Query["sig"].ToString()))
        {
            html.Raw("<p class=\"notice\" role=\"status\">").Text(message).Raw("</p>");
        }

        return html;
    }

    public static HtmlBuilder End(HtmlBuilder html, DashboardRequest request)
    {
        html.Raw("</main><footer>").Text($"Generated {Format.Instant(request.Now)}").Raw("</footer>")
            .Raw("<script src=\"").Text(request.Url("/assets/dashboard.js")).Raw("\" defer></script></body></html>");
        return html;
    }
}
