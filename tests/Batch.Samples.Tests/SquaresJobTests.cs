using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Batch.Samples.Tests;

public class SquaresJobTests
{
    private DirectoryInfo _directory = null!;
    private IHost _host = null!;
    private StringWriter _out = null!;
    private StringWriter _err = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("squares-");
        _host = SampleHost.Build(configuration => configuration.AddInMemoryCollection([
            KeyValuePair.Create<string, string?>("Batch:Provider", "Sqlite"),
            KeyValuePair.Create<string, string?>("Batch:ConnectionString", $"Data Source={Path.Combine(_directory.FullName, "samples.db")}"),
        ]));
        await _host.StartAsync();
        _out = new StringWriter();
        _err = new StringWriter();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.StopAsync();
        _host.Dispose();
        _out.Dispose();
        _err.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private Task<int> Run(params string[] args) =>
        _host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(args, _out, _err, CancellationToken.None);

    [Test]
    public async Task The_sample_job_completes_on_sqlite_and_a_new_instance_runs_with_next()
    {
        (await Run("next", "squares", "count:long=3000")).Should().Be(BatchExitCodes.Completed, _err.ToString());
        (await Run("next", "squares", "count:long=3000")).Should().Be(BatchExitCodes.Completed, _err.ToString());

        _out.ToString().Should().Contain("step 'square' COMPLETED: read 3000, written 3000");
    }

    [Test]
    public async Task A_failed_run_restarted_with_the_same_identifying_parameters_resumes_and_writes_every_square_once()
    {
        var failed = await Run("run", "squares", "count:long=5000", "-failAt:long=2537");
        failed.Should().Be(BatchExitCodes.Failed);
        _out.ToString().Should().Contain("read 2000, written 2000").And.Contain("Simulated failure at number 2537");

        var resumed = await Run("run", "squares", "count:long=5000");

        resumed.Should().Be(BatchExitCodes.Completed, _out + _err.ToString());
        _out.ToString().Should().Contain("step 'square' COMPLETED: read 3000, written 3000");
    }

    [Test]
    public async Task Running_a_completed_sample_instance_again_is_refused()
    {
        (await Run("run", "squares", "count:long=100")).Should().Be(BatchExitCodes.Completed);

        (await Run("run", "squares", "count:long=100")).Should().Be(BatchExitCodes.Refused);
        _err.ToString().Should().Contain("already completed");
    }

    [Test]
    public async Task An_unknown_job_exits_with_the_usage_code_and_names_it()
    {
        (await Run("run", "no-such-job")).Should().Be(BatchExitCodes.UsageError);
        _err.ToString().Should().Contain("no-such-job");
    }
}
