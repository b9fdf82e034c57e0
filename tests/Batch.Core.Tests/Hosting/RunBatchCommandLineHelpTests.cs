using Batch.Core.Tests.Support;
using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Batch.Core.Tests.Hosting;

/// <summary>
/// Help and usage errors through <see cref="BatchHostExtensions.RunBatchCommandLineAsync"/> are answered without starting the host,
/// so its start lines ("Application started", the hosted services' own) stay out of them; a command that runs starts it.
/// </summary>
[NonParallelizable]
public class RunBatchCommandLineHelpTests : ConsoleRedirectFixture
{
    [TestCase("--help")]
    [TestCase("help")]
    [TestCase("help", "run")]
    [TestCase("run", "-h")]
    [TestCase("list", "--help", "--json")]
    public async Task Help_is_answered_without_starting_the_host(params string[] args)
    {
        var started = new StartCounter();
        using var host = BuildHost(started);

        var code = await host.RunBatchCommandLineAsync(args);

        code.Should().Be(BatchExitCodes.Completed, Error.ToString());
        Out.ToString().Should().Contain("Usage:");
        started.Starts.Should().Be(0, "help needs no started host");
    }

    [TestCase]
    [TestCase("nosuchcommand")]
    [TestCase("run")]
    public async Task A_usage_error_is_answered_without_starting_the_host(params string[] args)
    {
        var started = new StartCounter();
        using var host = BuildHost(started);

        var code = await host.RunBatchCommandLineAsync(args);

        code.Should().Be(BatchExitCodes.UsageError);
        Error.ToString().Should().StartWith("error: ");
        started.Starts.Should().Be(0);
    }

    [Test]
    public async Task A_command_that_runs_starts_the_host_and_stops_it()
    {
        var started = new StartCounter();
        using var host = BuildHost(started);

        var code = await host.RunBatchCommandLineAsync(["run", "numbers"]);

        code.Should().Be(BatchExitCodes.Completed, Error.ToString());
        started.Starts.Should().Be(1);
        started.Stops.Should().Be(1);
    }

    private static IHost BuildHost(StartCounter started)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IHostedService>(started);
        builder.Services.AddBatch(batch => batch.AddJob(new NumbersJob(25, 10).Job));
        return builder.Build();
    }

    /// <summary>A hosted service that counts the host's starts and stops.</summary>
    private sealed class StartCounter : IHostedService
    {
        public int Starts { get; private set; }

        public int Stops { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Starts++;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stops++;
            return Task.CompletedTask;
        }
    }
}
