using Batch.Hosting;

namespace Batch.Samples.Tests;

public class SquaresJobTests : SampleHostFixture
{
    private DirectoryInfo _directory = null!;

    protected override Task<IReadOnlyDictionary<string, string>> RepositorySettingsAsync()
    {
        _directory = Directory.CreateTempSubdirectory("squares-");
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Provider"] = "Sqlite",
            ["ConnectionString"] = $"Data Source={Path.Combine(_directory.FullName, "samples.db")}",
        });
    }

    protected override Task AfterHostStoppedAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Test]
    public async Task The_sample_job_completes_on_sqlite_and_a_new_instance_runs_with_next()
    {
        (await Run("next", "squares", "count:long=3000")).Should().Be(BatchExitCodes.Completed, Err.ToString());
        (await Run("next", "squares", "count:long=3000")).Should().Be(BatchExitCodes.Completed, Err.ToString());

        Out.ToString().Should().Contain("step 'square' COMPLETED: read 3000, written 3000");
    }

    [Test]
    public async Task A_failed_run_restarted_with_the_same_identifying_parameters_resumes_and_writes_every_square_once()
    {
        var failed = await Run("run", "squares", "count:long=5000", "-failAt:long=2537");
        failed.Should().Be(BatchExitCodes.Failed);
        Out.ToString().Should().Contain("read 2000, written 2000").And.Contain("Simulated failure at number 2537");

        var resumed = await Run("run", "squares", "count:long=5000");

        resumed.Should().Be(BatchExitCodes.Completed, Out + Err.ToString());
        Out.ToString().Should().Contain("step 'square' COMPLETED: read 3000, written 3000");
    }

    [Test]
    public async Task Running_a_completed_sample_instance_again_is_refused()
    {
        (await Run("run", "squares", "count:long=100")).Should().Be(BatchExitCodes.Completed);

        (await Run("run", "squares", "count:long=100")).Should().Be(BatchExitCodes.Refused);
        Err.ToString().Should().Contain("already completed");
    }

    [Test]
    public async Task An_unknown_job_exits_with_the_usage_code_and_names_it()
    {
        (await Run("run", "no-such-job")).Should().Be(BatchExitCodes.UsageError);
        Err.ToString().Should().Contain("no-such-job");
    }
}
