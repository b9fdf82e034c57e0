using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Hosting.Console;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

#pragma warning disable CA1848, CA1873 // the tests log as a user writes it; speed does not matter here

namespace Batch.Core.Tests.Hosting;

/// <summary>The Batch console logger: single lines, configured like any provider, and kept clear of the live progress bars.</summary>
public class BatchConsoleLoggerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 5, TimeSpan.Zero);

    [Test]
    public void A_record_is_one_line_with_its_time_level_category_and_event_id()
    {
        var output = new StringWriter();
        using var services = Services(output, new StringWriter());
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Orders.Load");

        logger.LogInformation(new EventId(7), "Loaded {Count} rows\nfrom {File}", 1000, "orders.csv");

        output.ToString().Should().Be("12:00:05 info: Orders.Load[7] Loaded 1000 rows from orders.csv" + Environment.NewLine);
    }

    [Test]
    public void An_exception_is_written_on_the_lines_after_its_record_and_errors_can_go_to_standard_error()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var services = Services(output, error, o => o.LogToStandardErrorThreshold = LogLevel.Error);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Orders.Load");

        logger.LogWarning("A slow page");
        logger.LogError(new InvalidOperationException("The disk is full."), "The chunk failed");

        output.ToString().Should().Be("12:00:05 warn: Orders.Load[0] A slow page" + Environment.NewLine);
        error.ToString().Should().StartWith("12:00:05 fail: Orders.Load[0] The chunk failed" + Environment.NewLine + "System.InvalidOperationException: The disk is full.");
    }

    [Test]
    public void Its_levels_come_from_configuration_under_its_alias()
    {
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:BatchConsole:LogLevel:Default"] = "Warning",
        }).Build();
        using var services = Services(output, new StringWriter(), configuration: configuration);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Orders.Load");

        logger.LogInformation("not shown");
        logger.LogWarning("shown");

        output.ToString().Should().NotContain("not shown").And.Contain("warn: Orders.Load[0] shown");
    }

    [Test]
    public async Task While_bars_are_shown_its_lines_are_written_whole_through_the_bars_console_and_after_them_to_its_own_output()
    {
        ILogger? logger = null;
        var bars = new HeldBarsJob(() => logger!.LogWarning("Item {Item} waits for the test", 51));
        var own = new LockedText();
        using var cli = new CommandLineHarness(services => services
            .AddLogging(logging => logging.AddBatchConsole(o =>
            {
                o.Output = own.Writer;
                o.Error = own.Writer;
                o.TimestampFormat = null;
            }))
            .AddBatch(batch => batch.AddJob(bars.Job)));
        logger = cli.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Bars.Test");
        var written = new LockedText();

        var running = cli.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["run", "bars"], written.Writer, cli.Err, interactive: true, CancellationToken.None);
        await bars.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        // The line was written while the bars were live: whole, on the bars' console, not on the logger's own output.
        written.ToString().Should().Contain("warn: Bars.Test[0] Item 51 waits for the test");
        own.ToString().Should().NotContain("Item 51");
        bars.Release();
        (await running.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(BatchExitCodes.Completed, cli.Err.ToString());

        logger.LogWarning("After the bars");
        own.ToString().Should().Be("warn: Bars.Test[0] After the bars" + Environment.NewLine, "the lines during the run went to the bars");
        written.ToString().Should().NotContain("After the bars");
    }

    private static ServiceProvider Services(TextWriter output, TextWriter error, Action<BatchConsoleLoggerOptions>? configure = null, IConfiguration? configuration = null)
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(Noon));
        services.AddLogging(logging =>
        {
            if (configuration is not null)
            {
                logging.AddConfiguration(configuration.GetSection("Logging"));
            }

            logging.AddBatchConsole(o =>
            {
                o.Output = output;
                o.Error = error;
                o.UseUtcTimestamp = true;
                configure?.Invoke(o);
            });
        });
        return services.BuildServiceProvider();
    }
}
