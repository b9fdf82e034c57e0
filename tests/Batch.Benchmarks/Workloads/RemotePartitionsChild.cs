using Batch.Infrastructure.Partitioning;
using Batch.Launch;
using Batch.Partitioning;
using Npgsql;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// A worker process of the remote-partitions workload: a <see cref="PartitionWorker"/> for <see cref="RemotePartitionsJob"/> on the
/// PostgreSQL job repository. Prints "ready" once its queue answered, and stops when its standard input closes.
/// </summary>
internal static class RemotePartitionsChild
{
    public static async Task<int> RunAsync(string connectionString)
    {
        await using var repository = RelationalJobRepository.CreatePostgres(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var queue = new PostgresPartitionQueue(dataSource);
        var worker = new PartitionWorker(
            new JobRegistry(RemotePartitionsJob.Build(remote: true)), repository, queue,
            new PartitionWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(200), LeaseDuration = TimeSpan.FromSeconds(30) });
        using var stop = new CancellationTokenSource();
        await queue.WaitForWorkAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None); // starts listening
        _ = await queue.ClaimAsync("warm-up-probe", TimeSpan.FromMilliseconds(1), CancellationToken.None) is { } stray
            ? throw new InvalidOperationException($"A partition ({stray.PartitionName}) was waiting before the workload started.")
            : 0;
        Console.WriteLine("ready");
        Console.Out.Flush();
        var run = worker.RunAsync(stop.Token);
        await Console.In.ReadToEndAsync(CancellationToken.None);
        await stop.CancelAsync();
        await run;
        return 0;
    }
}
