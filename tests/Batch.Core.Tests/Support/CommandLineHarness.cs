using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Core.Tests.Support;

/// <summary>The services of <c>AddBatch</c> and the command-line runner over them, with captured output: one per test.</summary>
internal sealed class CommandLineHarness : IDisposable
{
    public CommandLineHarness(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        Services = services.BuildServiceProvider();
    }

    public ServiceProvider Services { get; }

    public StringWriter Out { get; } = new();

    public StringWriter Err { get; } = new();

    public Task<int> RunAsync(params string[] args) =>
        Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(args, Out, Err, CancellationToken.None);

    public void Dispose()
    {
        Services.Dispose();
        Out.Dispose();
        Err.Dispose();
    }
}
