using Batch.Dashboard.Progress;
using Batch.Launch;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batch.Dashboard.Pages;

/// <summary>One request to the dashboard: its services, settings, clock and the dashboard's own path for links.</summary>
internal sealed class DashboardRequest
{
    private DashboardRequest(HttpContext http, BatchDashboardOptions options)
    {
        Http = http;
        Options = options;
        var services = http.RequestServices;
        Explorer = services.GetService<IJobExplorer>()
            ?? throw new InvalidOperationException("The Batch dashboard found no IJobExplorer: call services.AddBatch(...) before services.AddBatchDashboard().");
        Time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        Path = Root(http);
        Now = Time.GetUtcNow();
    }

    public HttpContext Http { get; }

    public BatchDashboardOptions Options { get; }

    public IJobExplorer Explorer { get; }

    public IJobOperator? Operator => Http.RequestServices.GetService<IJobOperator>();

    public IJobRegistry? Registry => Http.RequestServices.GetService<IJobRegistry>();

    public TimeProvider Time { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The dashboard's root path (path base + mount point), without a trailing slash.</summary>
    public string Path { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    public ProgressEstimator CreateEstimator() => new(Explorer, Time, Options.ProjectionExecutions);

    /// <summary>The anti-forgery request token for the page's forms (and the cookie it pairs with), when actions are on.</summary>
    public AntiforgeryTokenSet? AntiforgeryToken()
    {
        if (!Options.EnableActions)
        {
            return null;
        }

        return _tokens ??= Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
    }

    private AntiforgeryTokenSet? _tokens;

    public static DashboardRequest For(HttpContext http) =>
        new(http, http.RequestServices.GetRequiredService<IOptions<BatchDashboardOptions>>().Value);

    public string Url(string relative) => Path + relative;

    private static string Root(HttpContext http)
    {
        var mount = http.GetEndpoint()?.Metadata.GetMetadata<DashboardMount>()?.Path ?? string.Empty;
        return (http.Request.PathBase.Value ?? string.Empty).TrimEnd('/') + mount;
    }
}
