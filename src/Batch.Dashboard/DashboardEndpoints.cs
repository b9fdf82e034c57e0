using System.Text.Json;
using Batch.Dashboard.Actions;
using Batch.Dashboard.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Batch.Dashboard;

/// <summary>The dashboard's routes under its mount point: pages and progress (GET, never changing anything), assets, and actions (POST).</summary>
internal static class DashboardEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string SecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string mount)
    {
        var group = endpoints.MapGroup(mount.Length == 0 ? "/" : mount);
        group.WithMetadata(new DashboardMount(mount));

        group.MapGet("/", http => PageAsync(http, OverviewPage.RenderAsync));
        group.MapGet("/executions", http => PageAsync(http, ExecutionsPage.RenderAsync));
        group.MapGet("/executions/{id:long}", (HttpContext http, long id) => PageAsync(http, r => ExecutionPage.RenderAsync(r, id), $"There is no job execution with id {id}."));
        group.MapGet("/jobs/{name}", (HttpContext http, string name) => PageAsync(http, r => JobPage.RenderAsync(r, name), $"There is no job named '{name}': it is not registered and has no history."));
        group.MapGet("/api/progress", async http =>
        {
            var request = DashboardRequest.For(http);
            await JsonAsync(http, await DashboardData.AllProgressAsync(request).ConfigureAwait(false)).ConfigureAwait(false);
        });
        group.MapGet("/api/executions/{id:long}/progress", async (HttpContext http, long id) =>
        {
            var request = DashboardRequest.For(http);
            var execution = await request.Explorer.GetJobExecutionAsync(id, request.Aborted).ConfigureAwait(false);
            if (execution is null)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await JsonAsync(http, await DashboardData.ProgressAsync(request, [execution]).ConfigureAwait(false)).ConfigureAwait(false);
        });
        group.MapGet("/assets/dashboard.css", http => DashboardAssets.WriteAsync(http, "dashboard.css", "text/css; charset=utf-8"));
        group.MapGet("/assets/dashboard.js", http => DashboardAssets.WriteAsync(http, "dashboard.js", "text/javascript; charset=utf-8"));

        group.MapPost("/executions/{id:long}/stop", (HttpContext http, long id) => DashboardActions.StopAsync(http, id));
        group.MapPost("/executions/{id:long}/restart", (HttpContext http, long id) => DashboardActions.RestartAsync(http, id));
        group.MapPost("/executions/{id:long}/abandon", (HttpContext http, long id) => DashboardActions.AbandonAsync(http, id));
        group.MapPost("/jobs/{name}/next", (HttpContext http, string name) => DashboardActions.NextAsync(http, name));
        return group;
    }

    private static async Task PageAsync(HttpContext http, Func<DashboardRequest, Task<string?>> render, string? notFound = null)
    {
        var request = DashboardRequest.For(http);
        var page = await render(request).ConfigureAwait(false);
        Secure(http.Response);
        if (page is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await ErrorPage.WriteAsync(request, "Not found", notFound ?? "Not found.").ConfigureAwait(false);
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(page, request.Aborted).ConfigureAwait(false);
    }

    private static async Task JsonAsync<T>(HttpContext http, T value)
    {
        Secure(http.Response);
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, value, Json, http.RequestAborted).ConfigureAwait(false);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = SecurityPolicy;
        response.Headers["Referrer-Policy"] = "same-origin";
    }
}
