namespace Samples.Collector.HealthCheck;

/// <summary>The outcome of trying one candidate server.</summary>
/// <param name="Kind">repository, namenode, hive or proxy.</param>
/// <param name="Index">The candidate's position in healthcheck.json.</param>
/// <param name="Description">The server, without secrets (host:port/database, a folder, a URL).</param>
/// <param name="Reachable">Whether it answered within the connect timeout.</param>
/// <param name="Reason">Why it is not reachable; empty when it is.</param>
public sealed record ProbeResult(string Kind, int Index, string Description, bool Reachable, string Reason);
