using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Batch.Dashboard;

/// <summary>What a <see cref="IDashboardPanel"/> gets to write its section.</summary>
public sealed class DashboardPanelContext
{
    internal DashboardPanelContext(HttpContext httpContext, IJobExplorer explorer, string dashboardPath)
    {
        HttpContext = httpContext;
        Explorer = explorer;
        DashboardPath = dashboardPath;
    }

    /// <summary>The request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The job repository's explorer.</summary>
    public IJobExplorer Explorer { get; }

    /// <summary>The dashboard's own path (its path base and mount point, without a trailing slash), for links to its pages.</summary>
    public string DashboardPath { get; }

    /// <summary>HTML-encodes a value for text or a quoted attribute.</summary>
    /// <param name="value">The value; null writes nothing.</param>
    /// <returns>The encoded text.</returns>
    public static string Encode(string? value) => value is null ? string.Empty : HtmlEncoder.Default.Encode(value);
}
