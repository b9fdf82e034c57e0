namespace Batch.Dashboard.Hosting;

/// <summary>Settings of the standalone dashboard server (<see cref="BatchDashboardServer"/>), for the <c>dashboard</c> command.</summary>
public sealed class BatchDashboardServerOptions
{
    /// <summary>The default <see cref="Urls"/>: the loopback interface only, port 5080.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// Where Kestrel listens, separated by <c>;</c> (default <c>http://127.0.0.1:5080</c>: this machine only; port 0 picks a free
    /// port). Listening on another interface exposes the dashboard to the network: put it behind authentication then.
    /// </summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>The dashboard's mount point on the server (default <c>/</c>, the root).</summary>
    public string PathBase { get; set; } = "/";

    /// <summary>Sets the dashboard's options (read-only by default); null for the defaults.</summary>
    public Action<BatchDashboardOptions>? Dashboard { get; set; }
}
