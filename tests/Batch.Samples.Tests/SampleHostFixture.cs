using Samples;
using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Batch.Samples.Tests;

/// <summary>A started sample host per test, on the repository <see cref="RepositorySettingsAsync"/> names, with the command line's output captured.</summary>
public abstract class SampleHostFixture
{
    private IHost _host = null!;

    /// <summary>What the command line printed.</summary>
    protected StringWriter Out { get; private set; } = null!;

    /// <summary>What the command line printed as errors.</summary>
    protected StringWriter Err { get; private set; } = null!;

    [SetUp]
    public async Task StartHost()
    {
        var settings = await RepositorySettingsAsync();
        _host = SampleHost.Build(configuration => configuration.AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create<string, string?>("Batch:" + s.Key, s.Value))));
        await _host.StartAsync();
        Out = new StringWriter();
        Err = new StringWriter();
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

    /// <summary>The <c>Batch</c> section: Provider, ConnectionString, CreateSchema.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> RepositorySettingsAsync();

    /// <summary>Clean-up once the host is gone.</summary>
    protected virtual Task AfterHostStoppedAsync() => Task.CompletedTask;

    /// <summary>Runs the sample's command line.</summary>
    protected Task<int> Run(params string[] args) =>
        _host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(args, Out, Err, CancellationToken.None);
}
