using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Samples.Pass.Web;

/// <summary>
/// The three pages (seed 003's 사용자 이용권 조회 / 관리자 이용권 등록 / 관리자 통계 조회 pages) and their script and style sheet: static HTML
/// that loads its data from the APIs, so a page holds no data of its own and the admin pages show nothing before the admin key is
/// accepted. Served with a Content-Security-Policy that allows only this server's script, style and requests (no CDN, no inline script).
/// </summary>
internal static class PassWebPages
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Page(PassWebHtml.Index));
        app.MapGet("/members", () => Page(PassWebHtml.MemberPasses));
        app.MapGet("/members/{memberId}", (string memberId) => Page(PassWebHtml.MemberPasses));
        app.MapGet("/admin/bulk-passes", () => Page(PassWebHtml.BulkPass));
        app.MapGet("/admin/statistics", () => Page(PassWebHtml.Statistics));
        app.MapGet("/assets/pass-web.js", () => Asset(PassWebScript.Text, "text/javascript; charset=utf-8"));
        app.MapGet("/assets/pass-web.css", () => Asset(PassWebStyle.Text, "text/css; charset=utf-8"));
    }

    private static SecuredContent Page(string html) => new SecuredContent(html, "text/html; charset=utf-8", page: true);

    private static SecuredContent Asset(string text, string contentType) => new SecuredContent(text, contentType, page: false);

    /// <summary>Text with the headers every answer of the pages carries.</summary>
    private sealed class SecuredContent(string text, string contentType, bool page) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentType = contentType;
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            if (page)
            {
                headers.ContentSecurityPolicy = Policy;
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
            }

            await httpContext.Response.WriteAsync(text, Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}
