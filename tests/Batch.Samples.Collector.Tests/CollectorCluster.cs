using Batch.Infrastructure.CrashHost;

namespace Batch.Samples.Collector.Tests;

/// <summary>One throw-away PostgreSQL cluster (or BATCH_TEST_POSTGRES) for every collector test: rule, source and target databases are databases of it.</summary>
[SetUpFixture]
public sealed class CollectorCluster
{
    private static PostgresCluster? _cluster;

    /// <summary>The cluster.</summary>
    internal static PostgresCluster Instance => _cluster ?? throw new InvalidOperationException("The PostgreSQL cluster is not started.");

    [OneTimeSetUp]
    public async Task Start() => _cluster = await PostgresCluster.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
