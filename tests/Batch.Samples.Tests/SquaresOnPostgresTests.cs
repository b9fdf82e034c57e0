using Batch.Hosting;
using Batch.Infrastructure.CrashHost;

namespace Batch.Samples.Tests;

/// <summary>
/// The sample on PostgreSQL, where its writer sends each chunk's rows as one batch on the step's connection:
/// a run completes, and a failed run restarted writes every square exactly once (the report step checks it).
/// </summary>
public class SquaresOnPostgresTests : SampleHostFixture
{
    private PostgresCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _cluster = await PostgresCluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _cluster.DisposeAsync();

    protected override async Task<IReadOnlyDictionary<string, string>> RepositorySettingsAsync() => new Dictionary<string, string>
    {
        ["Provider"] = "Postgres",
        ["ConnectionString"] = await _cluster.CreateDatabaseAsync("squares"),
        ["CreateSchema"] = "true",
    };

    [Test]
    public async Task The_sample_job_completes_on_postgres_with_a_last_chunk_smaller_than_the_others()
    {
        (await Run("next", "squares", "count:long=3500")).Should().Be(BatchExitCodes.Completed, Out + Err.ToString());

        Out.ToString().Should().Contain("step 'square' COMPLETED: read 3500, written 3500");
    }

    [Test]
    public async Task A_failed_run_on_postgres_restarted_writes_every_square_once()
    {
        (await Run("run", "squares", "count:long=5000", "-failAt:long=2537")).Should().Be(BatchExitCodes.Failed);
        Out.ToString().Should().Contain("read 2000, written 2000");

        (await Run("run", "squares", "count:long=5000")).Should().Be(BatchExitCodes.Completed, Out + Err.ToString());

        Out.ToString().Should().Contain("step 'square' COMPLETED: read 3000, written 3000").And.Contain("step 'report' COMPLETED");
    }
}
