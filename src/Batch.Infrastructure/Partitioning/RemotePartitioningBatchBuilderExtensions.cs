using Batch.Hosting;
using Batch.Infrastructure.Partitioning;
using Batch.Infrastructure.Repository;
using Batch.Launch;
using Batch.Partitioning;
using Batch.Repository;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds remote partitioning to <c>AddBatch</c>: the PostgreSQL partition queue and the <c>worker</c> command.</summary>
public static class RemotePartitioningBatchBuilderExtensions
{
    /// <summary>
    /// Registers the partition queue of remote partitioning on the PostgreSQL job repository's database (sharing its connection
    /// pool; see <see cref="PostgresPartitionQueue"/>) and the <see cref="PartitionWorker"/> that the <c>worker</c> command runs.
    /// Partitioned steps built with <c>.Remote()</c> then hand their partitions to worker processes of the same application.
    /// Only PostgreSQL has remote workers: with SQLite or the in-memory repository, resolving the queue fails with a message
    /// saying to use PostgreSQL or the local handler.
    /// </summary>
    /// <param name="builder">The Batch builder (after <c>UsePostgres(...)</c>).</param>
    /// <param name="configureWorker">Adjusts the workers' lease, polling and concurrency.</param>
    /// <param name="configureQueue">Adjusts the queue (its NOTIFY channel, whether it creates its table).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddBatch(batch =&gt; batch
    ///     .UsePostgres(connectionString)
    ///     .AddRemotePartitioning(worker =&gt; worker.LeaseDuration = TimeSpan.FromSeconds(30))
    ///     .AddJob(job));
    /// // manager:  app run load date=2026-12-01
    /// // workers:  app worker   (as many processes, on as many machines, as you like)
    /// </code>
    /// </example>
    public static BatchBuilder AddRemotePartitioning(
        this BatchBuilder builder, Action<PartitionWorkerOptions>? configureWorker = null, Action<PostgresPartitionQueueOptions>? configureQueue = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var workerOptions = new PartitionWorkerOptions();
        configureWorker?.Invoke(workerOptions);
        workerOptions.Validate();
        var queueOptions = new PostgresPartitionQueueOptions();
        configureQueue?.Invoke(queueOptions);
        var services = builder.Services;
        services.RemoveAll<IPartitionQueue>();
        services.AddSingleton<IPartitionQueue>(sp => CreateQueue(sp.GetRequiredService<IJobRepository>(), queueOptions));
        services.RemoveAll<PartitionWorker>();
        services.AddSingleton(sp => new PartitionWorker(
            sp.GetRequiredService<IJobRegistry>(), sp.GetRequiredService<IJobRepository>(), sp.GetRequiredService<IPartitionQueue>(), workerOptions,
            sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>(), sp, sp.GetService<IOptions<BatchOptions>>()?.Value));
        return builder;
    }

    private static PostgresPartitionQueue CreateQueue(IJobRepository repository, PostgresPartitionQueueOptions options)
    {
        if (repository is RelationalJobRepository { DataSource: NpgsqlDataSource dataSource })
        {
            return new PostgresPartitionQueue(dataSource, options);
        }

        var which = repository is RelationalJobRepository relational ? $"the {relational.DatabaseName} job repository" : $"the job repository {repository.GetType().Name}";
        throw new NotSupportedException(
            $"Remote partitioning needs the PostgreSQL job repository, and this application uses {which}. SQLite and the in-memory repository have no " +
            "remote workers (workers on other processes and machines claim partitions through PostgreSQL's row locks and LISTEN/NOTIFY). " +
            "Use batch.UsePostgres(...) with AddRemotePartitioning(), or run the partitions on this process: leave out .Remote() " +
            "(the local handler runs GridSize partitions at once on threads).");
    }
}
