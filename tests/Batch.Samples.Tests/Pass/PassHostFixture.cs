using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samples;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>A started sample host per test on a database of its own (SQLite or PostgreSQL), the pass tables filled with <see cref="PassTestData"/>.</summary>
public abstract class PassHostFixture
{
    private IHost _host = null!;

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
        var settings = await RepositorySettingsAsync();
        _host = SampleHost.Build(configuration => configuration.AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create<string, string?>("Batch:" + s.Key, s.Value))));
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

    /// <summary>The <c>Batch</c> section: Provider, ConnectionString.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> RepositorySettingsAsync();

    /// <summary>Clean-up once the host is gone.</summary>
    protected virtual Task AfterHostStoppedAsync() => Task.CompletedTask;

    /// <summary>Runs the sample's command line.</summary>
    protected Task<int> Run(params string[] args) =>
        _host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(args, Out, Err, CancellationToken.None);

    /// <summary>Runs a command that must complete.</summary>
    protected async Task RunCompleted(params string[] args) =>
        (await Run(args)).Should().Be(BatchExitCodes.Completed, Printed);
}
