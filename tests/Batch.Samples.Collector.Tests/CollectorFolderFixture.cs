using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samples.Collector;

namespace Batch.Samples.Collector.Tests;

/// <summary>A collector base directory per test (cfg/, lake/), and each command run in a host of its own, as separate processes would.</summary>
public abstract class CollectorFolderFixture
{
    /// <summary>The base directory.</summary>
    protected string BaseDirectory { get; private set; } = null!;

    /// <summary>What the last command printed.</summary>
    protected string Out { get; private set; } = string.Empty;

    /// <summary>What the last command printed as errors.</summary>
    protected string Err { get; private set; } = string.Empty;

    [SetUp]
    public void CreateFolder()
    {
        BaseDirectory = Path.Combine(Path.GetTempPath(), "collector-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(BaseDirectory, "cfg"));
        Directory.CreateDirectory(Path.Combine(BaseDirectory, "lake"));
    }

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(BaseDirectory))
        {
            Directory.Delete(BaseDirectory, recursive: true);
        }
    }

    /// <summary>Runs one command of the collector's command line in a fresh host.</summary>
    protected async Task<int> Run(params string[] args)
    {
        using var host = CollectorHost.Build(BaseDirectory, c => c.AddInMemoryCollection(HostSettings()));
        await host.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            return await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(args, output, error, CancellationToken.None);
        }
        finally
        {
            Out = output.ToString();
            Err = error.ToString();
            TestContext.Out.WriteLine($"$ {string.Join(' ', args)}\n{Out}{Err}");
            await host.StopAsync();
        }
    }

    /// <summary>Extra configuration of each host.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> HostSettings() => [];

    /// <summary>Writes a file under the base directory.</summary>
    protected void WriteFile(string relativePath, string text) => File.WriteAllText(Path.Combine(BaseDirectory, relativePath), text);

    /// <summary>Reads a file under the base directory.</summary>
    protected string ReadFile(string relativePath) => File.ReadAllText(Path.Combine(BaseDirectory, relativePath));
}
