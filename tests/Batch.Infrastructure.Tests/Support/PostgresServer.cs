using Batch.Infrastructure.CrashHost;

namespace Batch.Infrastructure.Tests;

/// <summary>
/// The PostgreSQL server of the whole test run, started on first use (see <see cref="PostgresCluster"/>) and
/// stopped when the run ends. A test that cannot get a server fails with the reason.
/// </summary>
[SetUpFixture]
public sealed class PostgresServer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresCluster? _cluster;

    internal static async Task<PostgresCluster> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _cluster ??= await PostgresCluster.StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            _cluster = null;
        }
    }
}
