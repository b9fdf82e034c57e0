using Microsoft.AspNetCore.Http;

namespace Batch.Dashboard.Pages;

/// <summary>A page with one message: a refused action, an unknown execution or job.</summary>
internal static class ErrorPage
{
    public static async Task WriteAsync(DashboardRequest request, string title, string message)
    {
        var html = Layout.Begin(request, title);
        html.Raw("<p class=\"error\" role=\"alert\">").Text(message).Raw("</p><p>").Link(request.Url("/"), "Back to the jobs").Raw("</p>");
        request.Http.Response.ContentType = "text/html; charset=utf-8";
        await request.Http.Response.WriteAsync(Layout.End(html, request).ToString(), request.Aborted).ConfigureAwait(false);
    }
}
