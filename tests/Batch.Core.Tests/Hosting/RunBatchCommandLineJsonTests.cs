using System.Text.Json;
using Batch.Core.Tests.Support;
using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Batch.Core.Tests.Hosting;

/// <summary>
/// <c>--json</c> through <see cref="BatchHostExtensions.RunBatchCommandLineAsync"/> on a host whose logger writes to the console,
/// as the default console logger does: standard output must hold the JSON document alone.
/// </summary>
[NonParallelizable]
public class RunBatchCommandLineJsonTests : ConsoleRedirectFixture
{
    [Test]
    public async Task With_json_the_log_lines_go_to_standard_error_and_standard_output_is_one_json_document()
    {
        using var host = BuildHost();

        var code = await host.RunBatchCommandLineAsync(["run", "numbers", "--json"]);

        code.Should().Be(BatchExitCodes.Completed, Error.ToString());
        using (var document = JsonDocument.Parse(Out.ToString()))
        {
            document.RootElement.GetProperty("status").GetString().Should().Be("COMPLETED");
        }

        Error.ToString().Should().Contain("log: ", "the job's log lines are still written, on standard error");
    }

    [Test]
    public async Task Without_json_the_log_lines_stay_on_standard_output()
    {
        using var host = BuildHost();

        var code = await host.RunBatchCommandLineAsync(["run", "numbers"]);

        code.Should().Be(BatchExitCodes.Completed, Error.ToString());
        Out.ToString().Should().Contain("log: ").And.Contain("COMPLETED");
    }

    [Test]
    public async Task With_json_the_default_console_logger_writes_to_standard_error_though_it_took_its_writers_when_the_host_was_built()
    {
        var error = TextWriter.Synchronized(Error);
        Console.SetError(error); // the console logger takes Console.Out and Console.Error when it is built, below
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Information);
        builder.Services.AddBatch(batch => batch.AddJob(new NumbersJob(25, 10).Job));
        int code;
        using (var host = builder.Build())
        {
            code = await host.RunBatchCommandLineAsync(["run", "numbers", "--json"]);
        }

        code.Should().Be(BatchExitCodes.Completed);
        using (var document = JsonDocument.Parse(Out.ToString()))
        {
            document.RootElement.GetProperty("status").GetString().Should().Be("COMPLETED");
        }

        lock (error)
        {
            Error.ToString().Should().Contain("numbers", "the logger's lines are written to standard error (the host's disposal flushed them)");
        }
    }

    [Test]
    public async Task With_json_settings_that_fail_validation_give_the_error_as_json_on_standard_output()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.AddJob(new NumbersJob(10, 5).Job).Configure(o => o.ListInstancesPerJob = -3));
        using var host = builder.Build();

        var code = await host.RunBatchCommandLineAsync(["list", "--json"]);

        code.Should().Be(BatchExitCodes.UsageError);
        using var document = JsonDocument.Parse(Out.ToString());
        document.RootElement.GetProperty("exitCode").GetInt32().Should().Be(BatchExitCodes.UsageError);
        document.RootElement.GetProperty("error").GetString().Should().Contain("ListInstancesPerJob");
    }

    private static IHost BuildHost()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(new ConsoleOutLoggerProvider());
        builder.Services.AddBatch(batch => batch.AddJob(new NumbersJob(25, 10).Job));
        return builder.Build();
    }

    /// <summary>Writes every line to <see cref="Console.Out"/> at the moment it is logged, as the console logger does from its queue.</summary>
    private sealed class ConsoleOutLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                Console.Out.WriteLine($"log: {category}: {formatter(state, exception)}");
        }
    }
}
