using Batch.Hosting;
using Batch.Infrastructure.CrashHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samples;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>A started sample host per test on a database of its own (a SQLite file, or a database on a throw-away PostgreSQL cluster).</summary>
/// <param name="backend">The database.</param>
public abstract class PassHostFixture(PassBackend backend)
{
    private IHost _host = null!;
    private PostgresCluster? _cluster;
    private DirectoryInfo? _directory;

    /// <summary>The <c>Batch</c> section of this test's host (Provider, ConnectionString), for a sample process of its own.</summary>
    protected IReadOnlyDictionary<string, string> RepositorySettings { get; private set; } = new Dictionary<string, string>();

    /// <summary>The database the test runs on.</summary>
    protected PassBackend Backend => backend;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        if (backend == PassBackend.Postgres)
        {
            _cluster = await PostgresCluster.StartAsync();
        }
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>What the command line printed.</summary>
    protected StringWriter Out { get; private set; } = null!;

    /// <summary>What the command line printed as errors.</summary>
    protected StringWriter Err { get; private set; } = null!;

    /// <summary>The pass tables' database.</summary>
    protected PassDatabase Database { get; private set; } = null!;

    /// <summary>Everything the command line printed, for assertion messages.</summary>
    protected string Printed => Out + Err.ToString();

    [SetUp]
    public async Task StartHost()
    {
        var settings = RepositorySettings = await RepositorySettingsAsync();
        _host = SampleHost.Build(
            configuration => configuration.AddInMemoryCollection(
                settings.Select(s => KeyValuePair.Create<string, string?>("Batch:" + s.Key, s.Value)).Concat(Settings())),
            ConfigureServices);
        await _host.StartAsync();
        Out = new StringWriter();
        Err = new StringWriter();
        Database = _host.Services.GetRequiredService<PassDatabase>();
    }

    [TearDown]
    public async Task StopHost()
    {
        await _host.StopAsync();
        _host.Dispose();
        Out.Dispose();
        Err.Dispose();
        await AfterHostStoppedAsync();
    }

    /// <summary>The host's services (the host itself).</summary>
    protected IServiceProvider Services => _host.Services;

    /// <summary>More services for the host, registered before <c>AddBatch</c> (a fake clock, a log capture).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>More configuration for the host (beside the <c>Batch</c> section).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    private async Task<IReadOnlyDictionary<string, string>> RepositorySettingsAsync()
    {
        if (_cluster is not null)
        {
            return new Dictionary<string, string> { ["Provider"] = "Postgres", ["ConnectionString"] = await _cluster.CreateDatabaseAsync("pass") };
        }

        _directory = Directory.CreateTempSubdirectory("pass-");
        return new Dictionary<string, string> { ["Provider"] = "Sqlite", ["ConnectionString"] = $"Data Source={Path.Combine(_directory.FullName, "pass.db")}" };
    }

    private Task AfterHostStoppedAsync()
    {
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            _directory.Delete(recursive: true);
            _directory = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs the sample's command line.</summary>
    protected Task<int> Run(params string[] args) =>
        _host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(args, Out, Err, CancellationToken.None);

    /// <summary>Runs a command that must complete.</summary>
    protected async Task RunCompleted(params string[] args) =>
        (await Run(args)).Should().Be(BatchExitCodes.Completed, Printed);
}
