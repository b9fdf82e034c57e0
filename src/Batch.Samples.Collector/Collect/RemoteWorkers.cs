using Batch.Partitioning;
using Microsoft.Extensions.Configuration;

namespace Samples.Collector.Collect;

/// <summary>
/// The collector's remote workers (datalake.json <c>"remoteWorkers": true</c>): the <c>collect</c> step hands its tables to
/// <c>worker</c> processes through the PostgreSQL rule database (the library's remote partitioning), so several servers share one
/// <c>batchrun</c>, as seed 000 splits codes across servers. The lease and polling settings come from the configuration section
/// <see cref="Section"/> (<c>appsettings.json</c>, or environment variables such as <c>Collector__RemoteWorkers__LeaseDuration</c>).
/// </summary>
public static class RemoteWorkers
{
    /// <summary>
    /// The configuration section: <c>LeaseDuration</c>, <c>RenewInterval</c>, <c>PollInterval</c>, <c>Concurrency</c> for the workers
    /// (<see cref="PartitionWorkerOptions"/>; <c>Concurrency</c> defaults to datalake.json's <c>threads</c>), and
    /// <c>ManagerPollInterval</c>, <c>ProgressInterval</c> for the <c>batchrun</c> that waits for them (<see cref="RemotePartitioningOptions"/>).
    /// </summary>
    public const string Section = "Collector:RemoteWorkers";

    /// <summary>Why remote workers are refused on a SQLite rule database, and what to do.</summary>
    public const string SqliteRefusal =
        "datalake.json sets \"remoteWorkers\": true, and the rule database (repository) is SQLite: remote workers claim tables through the " +
        "PostgreSQL job repository (row locks and LISTEN/NOTIFY), which a SQLite file cannot share between processes and machines. " +
        "Use a PostgreSQL rule database (\"provider\": \"postgres\"), or set \"remoteWorkers\": false to collect on this process's threads.";

    /// <summary>Applies the section's worker settings.</summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="threads">datalake.json's <c>threads</c>: the tables one worker process collects at once unless <c>Concurrency</c> is set.</param>
    /// <param name="options">The worker's options.</param>
    public static void ConfigureWorker(IConfiguration configuration, int threads, PartitionWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(Section);
        options.Concurrency = section.GetValue<int?>("Concurrency") ?? threads;
        options.LeaseDuration = section.GetValue<TimeSpan?>("LeaseDuration") ?? options.LeaseDuration;
        options.RenewInterval = section.GetValue<TimeSpan?>("RenewInterval") ?? options.RenewInterval;
        options.PollInterval = section.GetValue<TimeSpan?>("PollInterval") ?? options.PollInterval;
    }

    /// <summary>The settings of the <c>batchrun</c> that waits for the workers.</summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <returns>What <see cref="PartitionStepBuilder.Remote"/> applies.</returns>
    public static Action<RemotePartitioningOptions> Manager(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var poll = section.GetValue<TimeSpan?>("ManagerPollInterval");
        var progress = section.GetValue<TimeSpan?>("ProgressInterval");
        return options =>
        {
            options.PollInterval = poll ?? options.PollInterval;
            options.ProgressInterval = progress ?? options.ProgressInterval;
        };
    }
}
