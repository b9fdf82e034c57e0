using Batch.Jobs;
using Batch.Parameters;
using Batch.Partitioning;
using Batch.Steps;
using Microsoft.Extensions.Logging;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>
/// The <c>collect</c> job behind <c>batchrun</c>: one partitioned step with one partition per registered table of the listed
/// connections (<c>CONN/TABLE</c>), up to <c>threads</c> at once. Each partition copies its table into the target database and the
/// lake and verifies both against the source. Its identifying parameters are the base time, the code and the connections, so the
/// same <c>batchrun</c> again is a restart of the same instance: only the tables that did not complete run again, each from its last
/// committed chunk.
/// </summary>
public static class CollectJob
{
    /// <summary>The job's name.</summary>
    public const string Name = "collect";

    /// <summary>The worker step's name (the partitions are <c>copy:CONN/TABLE</c>).</summary>
    public const string CopyStep = "copy";

    /// <summary>Builds the job.</summary>
    /// <param name="runtime">The collector's shared state.</param>
    /// <param name="loggerFactory">The application's loggers.</param>
    /// <param name="remote">
    /// Null to collect on this process's threads; else the tables go to <c>worker</c> processes (datalake.json <c>remoteWorkers</c>,
    /// see <see cref="RemoteWorkers"/>), with these settings for the wait.
    /// </param>
    /// <returns>The job.</returns>
    public static IJob Create(CollectorRuntime runtime, ILoggerFactory loggerFactory, Action<RemotePartitioningOptions>? remote = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var copy = new StepBuilder(CopyStep)
            .Chunk<object?[], object?[]>(_ => runtime.Settings.ChunkSize)
            .Reader(ctx => new TableReader(runtime, ctx))
            .Writer(ctx => new TableLoadWriter(runtime, ctx))
            .Listener(new TableAttemptListener(runtime, loggerFactory))
            .Build();

        var partitioned = new StepBuilder("collect")
            .Partitioner(new ListPartitioner(PartitionKeys.Table, (ctx, ct) => TablesToCollectAsync(runtime, ctx, ct)))
            .Step(copy)
            .GridSize(runtime.ThreadsOrDefault);
        var collect = (remote is null ? partitioned : partitioned.Remote(remote)).Build();

        return new JobBuilder(Name)
            .Validator(new DefaultJobParametersValidator()
                .Require(PartitionKeys.BaseTime, JobParameterType.String)
                .Require(PartitionKeys.Code, JobParameterType.String)
                .Require(PartitionKeys.Connections, JobParameterType.String))
            .Listener(new ConnectionLogListener(runtime))
            .Start(collect)
            .Build();
    }

    /// <summary>
    /// The tables of the run's connections, without those another run already collected for this base time (a batchrun with another
    /// list of connections must not load a table twice). Read once, at the instance's first run; a restart reuses the list.
    /// </summary>
    private static async ValueTask<IEnumerable<string>> TablesToCollectAsync(CollectorRuntime runtime, StepContext context, CancellationToken cancellationToken)
    {
        var numbers = Identifiers.SplitList(context.JobParameters.GetString(PartitionKeys.Connections)!);
        var baseTime = context.JobParameters.GetString(PartitionKeys.BaseTime)!;
        var registry = await runtime.Rules.GetConnectionsAsync(numbers, cancellationToken).ConfigureAwait(false);
        var done = (await runtime.Log.GetStatusAsync(baseTime, numbers, cancellationToken).ConfigureAwait(false))
            .Where(s => s.Status == CollectStatus.Success)
            .Select(s => s.ConnectionNumber + "/" + s.TableName)
            .ToHashSet(StringComparer.Ordinal);
        return numbers.Where(registry.ContainsKey).SelectMany(n => registry[n].Tables).Select(t => t.PartitionValue).Where(v => !done.Contains(v)).ToList();
    }
}
