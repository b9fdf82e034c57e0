using System.Diagnostics;
using System.Globalization;
using Batch.Infrastructure.Partitioning;
using Batch.Launch;
using Batch.Partitioning;
using Npgsql;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload — remote partitioning of an I/O-bound job (<see cref="RemotePartitionsJob"/>: 16 key ranges, each item waiting 2 ms as on
/// a slow database) run by 1, 2 and 4 worker processes through the PostgreSQL job repository, against the same job in one process
/// with one thread (the local handler, grid size 1). Workers are started (and warmed with a small run) before the timed runs, as
/// long-running workers are; the time is the manager's, from launch to the end of its step. Goal (issue 13): near-linear, ≥ 3.2× at 4.
/// </summary>
internal sealed class RemotePartitionsWorkload(Databases databases) : IWorkload
{
    private static readonly int[] WorkerCounts = [1, 2, 4];
    private long _run;

    public string Name => "remote partitions";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var keys = settings.Scaled(4_000, RemotePartitionsJob.Ranges * 2);
        var runs = Math.Max(1, Math.Min(settings.Repetitions, 3));
        var connectionString = await databases.NewPostgresAsync("remote_partitions");
        await using var repository = RelationalJobRepository.CreatePostgres(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var queue = new PostgresPartitionQueue(dataSource);
        var remote = new JobLauncher(repository, services: new QueueServices(queue));
        var local = new JobLauncher(repository);

        // the baseline: the same job, one process, one thread
        await RunAsync(local, remote: false, RemotePartitionsJob.Ranges * 4, cancellationToken);
        var single = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            single.Add(await RunAsync(local, remote: false, keys, cancellationToken));
        }

        var baseline = Measure.Median(single);
        var rows = new List<WorkloadResult>();
        foreach (var count in WorkerCounts)
        {
            var workers = await StartWorkersAsync(count, connectionString, cancellationToken);
            try
            {
                await RunAsync(remote, remote: true, RemotePartitionsJob.Ranges * 4, cancellationToken); // warms the workers up
                var times = new List<double>();
                for (var r = 0; r < runs; r++)
                {
                    times.Add(await RunAsync(remote, remote: true, keys, cancellationToken));
                }

                var time = Measure.Median(times);
                var goal = count switch { 1 => 0.9, 2 => 1.8, _ => 3.2 };
                var perSecond = keys / (time / 1000);
                var basePerSecond = keys / (baseline / 1000);
                rows.Add(WorkloadResult.Info(
                    $"remote partitions: {count} worker process{(count == 1 ? string.Empty : "es")} vs the same job in one process, one thread ({keys:N0} items waiting {RemotePartitionsJob.ItemWait.TotalMilliseconds:0} ms each, {RemotePartitionsJob.Ranges} partitions)",
                    "items/s", perSecond, basePerSecond, $">= {goal:0.0#}x baseline (higher is better)", perSecond / basePerSecond >= goal,
                    string.Create(CultureInfo.InvariantCulture, $"median of {runs}: {time / 1000:0.00} s vs {baseline / 1000:0.00} s")));
            }
            finally
            {
                await StopWorkersAsync(workers);
            }
        }

        return rows;
    }

    /// <summary>Runs one instance of the job and returns the milliseconds from launch to its end; fails unless it completed with every key.</summary>
    private async Task<double> RunAsync(JobLauncher launcher, bool remote, int keys, CancellationToken cancellationToken)
    {
        var parameters = new JobParametersBuilder().AddLong("run", Interlocked.Increment(ref _run)).AddLong("keys", keys).Build();
        var clock = Stopwatch.StartNew();
        var execution = await launcher.RunAsync(RemotePartitionsJob.Build(remote), parameters, cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var step = execution.StepExecutions.Single(s => s.StepName == "spread");
        if (execution.Status != BatchStatus.Completed || step.WriteCount != keys)
        {
            throw new InvalidOperationException(
                $"The {(remote ? "remote" : "local")} run ended {execution.Status.ToCode()} with {step.WriteCount} of {keys} items: {execution.ExitStatus.ExitDescription}");
        }

        return elapsed;
    }

    private static async Task<List<Process>> StartWorkersAsync(int count, string connectionString, CancellationToken cancellationToken)
    {
        var workers = new List<Process>();
        for (var i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { typeof(RemotePartitionsChild).Assembly.Location, "--child", "partition-worker", connectionString })
            {
                start.ArgumentList.Add(argument);
            }

            workers.Add(Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker process."));
        }

        foreach (var worker in workers)
        {
            var line = await worker.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
            if (line != "ready")
            {
                throw new InvalidOperationException($"A worker process did not start: it printed '{line}'.");
            }
        }

        return workers;
    }

    private static async Task StopWorkersAsync(List<Process> workers)
    {
        foreach (var worker in workers)
        {
            worker.StandardInput.Close();
        }

        foreach (var worker in workers)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await worker.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                worker.Kill();
            }

            worker.Dispose();
        }
    }

    private sealed class QueueServices(IPartitionQueue queue) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IPartitionQueue) ? queue : null;
    }
}
