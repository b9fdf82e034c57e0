using Batch.Dashboard.Hosting;
using Batch.Hosting;
using Batch.Hosting.Console;
using Samples.Pass;
using Samples.Squares;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Samples;

/// <summary>
/// Builds the samples' host: the sample jobs on the job repository chosen by configuration
/// (section <c>Batch</c>: <c>Provider</c> = Sqlite (default) | Postgres | InMemory, <c>ConnectionString</c>),
/// from appsettings.json, environment variables (<c>Batch__Provider</c>, <c>Batch__ConnectionString</c>) or code; and the four log
/// channels to the files of the section <c>LogFiles</c> (appsettings.json: <c>logs/progress.log</c>, <c>recovery.log</c>, <c>exception.log</c>,
/// <c>job-flow.log</c>; see <see cref="ChannelLogFiles"/>); and the schedules of <c>Batch:Schedules</c> for the <c>schedule</c> command (appsettings.json
/// has one entry per pass job).
/// </summary>
public static class SampleHost
{
    /// <summary>The SQLite file used when nothing else is configured.</summary>
    public const string DefaultConnectionString = "Data Source=batch-samples.db";

    /// <summary>Builds the host.</summary>
    /// <param name="configure">Extra configuration (tests point it at their own database).</param>
    /// <param name="services">Extra services, registered after logging and before <c>AddBatch</c> (tests register a fake clock or a log capture).</param>
    /// <returns>The host, not started.</returns>
    public static IHost Build(Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Defaults first, so that appsettings.json, environment variables and the caller all override them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData =
            [
                KeyValuePair.Create<string, string?>("Batch:Provider", "Sqlite"),
                KeyValuePair.Create<string, string?>("Batch:ConnectionString", DefaultConnectionString),
            ],
        });
        configure?.Invoke(builder.Configuration);
        builder.Logging.ClearProviders().AddBatchConsole() // single lines, written above the live progress bars on a terminal
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning); // no "Application started. Press Ctrl+C" around every command
        ChannelLogFiles.Add(builder.Logging, builder.Configuration.GetSection("LogFiles"));
        services?.Invoke(builder.Services);
        builder.Services.AddBatch(batch => batch
            .UseConfiguredRepository(builder.Configuration.GetSection("Batch"))
            .BindConfiguration(builder.Configuration.GetSection("Batch"))   // BatchOptions (Batch:RecoverStaleAfter, ...) and the pass jobs' cron times (Batch:Schedules, for the schedule command)
            .AddJob(SquaresJob.Create())
            .AddPassSample(builder.Configuration.GetSection("Batch"))
            .AddDashboardCommand());
        return builder.Build();
    }
}
