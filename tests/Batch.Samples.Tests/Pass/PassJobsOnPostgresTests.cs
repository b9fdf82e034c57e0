using Batch.Infrastructure.CrashHost;

namespace Batch.Samples.Tests.Pass;

/// <summary>The pass jobs with the job repository and the pass tables in one PostgreSQL database (a throw-away cluster).</summary>
public class PassJobsOnPostgresTests : PassJobsTests
{
    private PostgresCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _cluster = await PostgresCluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _cluster.DisposeAsync();

    protected override async Task<IReadOnlyDictionary<string, string>> RepositorySettingsAsync() => new Dictionary<string, string>
    {
        ["Provider"] = "Postgres",
        ["ConnectionString"] = await _cluster.CreateDatabaseAsync("pass"),
    };
}
