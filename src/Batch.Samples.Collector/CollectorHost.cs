using Batch.Dashboard;
using Batch.Dashboard.Hosting;
using Batch.Hosting;
using Batch.Hosting.Console;
using Batch.Partitioning;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Samples.Collector.Collect;
using Samples.Collector.Commands;
using Samples.Collector.Configuration;
using Samples.Collector.Dashboard;
using Samples.Collector.Rules;

namespace Samples.Collector;

/// <summary>
/// Builds the collector's host: its four commands (<c>healthcheck</c>, <c>batchrun</c>, <c>batchcheck</c>, <c>batchresult</c>) beside
/// the framework's own (<c>show</c>, <c>list</c>, <c>restart</c>, <c>dashboard</c>…), the <c>collect</c> job, and the job repository in
/// the rule database named by <c>cfg/datalake.json</c>.
/// </summary>
public static class CollectorHost
{
    /// <summary>Builds the host.</summary>
    /// <param name="baseDirectory">The collector's folder; null for <c>$DATALAKE_COLLECTOR</c> or the current folder.</param>
    /// <param name="configure">Extra configuration (section <c>Batch</c> for the framework's options; tests shorten heartbeats).</param>
    /// <returns>The host, not started.</returns>
    public static IHost Build(string? baseDirectory = null, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder.Configuration);
        builder.Logging.ClearProviders().AddBatchConsole(); // single lines, written above the live progress bars on a terminal
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        var folders = new CollectorFolderProvider(baseDirectory ?? builder.Configuration["Collector:BaseDirectory"]);
        builder.Services.AddSingleton(folders);
        builder.Services.AddSingleton<CollectorRuntime>();
        builder.Services.AddSingleton<IDashboardPanel, CollectorResultsPanel>();

        // The job repository lives in the rule database of datalake.json.
        var datalake = TryReadDatalake(folders);
        builder.Services.AddCollectorHttp(builder.Configuration, datalake?.Proxy);
        var remote = datalake is { RemoteWorkers: true, Repository.IsSqlite: false };
        builder.Services.AddBatch(batch =>
        {
            if (datalake?.Repository is { } repository)
            {
                if (repository.IsSqlite)
                {
                    var sqlite = new SqliteConnectionStringBuilder(repository.ConnectionString);
                    sqlite.DataSource = folders.Get().Resolve(sqlite.DataSource, "repository SQLite file");
                    batch.UseSqlite(sqlite.ConnectionString);
                }
                else
                {
                    batch.UsePostgres(repository.ConnectionString);
                }

                batch.Configure(o => o.TakeOverDeadExecutionsAfter = TimeSpan.FromSeconds(Math.Max(120, datalake.TakeOverAfterSeconds)));
                if (remote)
                {
                    // The tables go to `worker` processes through the rule database (docs/partitioning.md); this one is one of them when it runs `worker`.
                    batch.AddRemotePartitioning(worker => RemoteWorkers.ConfigureWorker(builder.Configuration, datalake.Threads, worker));
                }
            }
            else
            {
                // The command-line runner needs a repository to start; the collector's own commands refuse to run without
                // datalake.json, and the framework's commands see an empty repository until healthcheck has written it.
                batch.UseInMemoryRepository();
            }

            batch.BindConfiguration(builder.Configuration.GetSection("Batch"))
                .AddJob(sp => CollectJob.Create(
                    sp.GetRequiredService<CollectorRuntime>(), sp.GetRequiredService<ILoggerFactory>(), remote ? RemoteWorkers.Manager(builder.Configuration) : null))
                .AddCommand<HealthCheckCommand>()
                .AddCommand<BatchRunCommand>()
                .AddCommand<BatchCheckCommand>()
                .AddCommand<BatchResultCommand>()
                .AddCommand<CleanTmpCommand>()
                .AddDashboardCommand();
        });
        if (datalake is { RemoteWorkers: true, Repository.IsSqlite: true })
        {
            // `worker` says why, rather than that the application has no remote partitioning (batchrun refuses through datalake.json's checks).
            builder.Services.AddSingleton<PartitionWorker>(_ => throw new CollectorException(RemoteWorkers.SqliteRefusal));
        }

        return builder.Build();
    }

    private static DatalakeSettings? TryReadDatalake(CollectorFolderProvider folders)
    {
        try
        {
            return SettingsFiles.TryReadDatalake(folders.Get(), out _);
        }
        catch (CollectorException)
        {
            return null;
        }
    }
}
