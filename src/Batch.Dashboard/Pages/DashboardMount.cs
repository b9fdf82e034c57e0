namespace Batch.Dashboard.Pages;

/// <summary>Endpoint metadata: where the dashboard is mounted (its route prefix, without a trailing slash; empty at the root).</summary>
internal sealed record DashboardMount(string Path);
