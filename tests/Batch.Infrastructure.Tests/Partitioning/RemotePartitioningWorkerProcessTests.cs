using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Partitioning;
using Batch.Infrastructure.Tests.Support;
using Batch.Launch;
using Batch.Partitioning;
using Npgsql;

namespace Batch.Infrastructure.Tests.Partitioning;

/// <summary>Remote partitioning with worker processes (the crash host's partition-worker mode) on a real PostgreSQL.</summary>
public sealed class RemotePartitioningWorkerProcessTests
{
    private const int Keys = 3000;
    private const int Ranges = 12;
    private const int Chunk = 10;
    private const int HoldAfter = 5;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Test]
    public async Task Three_workers_one_killed_in_the_middle_of_a_partition_the_job_completes_with_every_item_written_once_and_the_partition_finished_by_another()
    {
        await using var backend = new PostgresBackend();
        var connectionString = await backend.EnsureDatabaseAsync();
        var provider = backend.Provider;
        await ItemTable.CreateAsync(provider);
        var holdFolder = Directory.CreateTempSubdirectory("batch-partition-hold-");
        await using var repository = RelationalJobRepository.CreatePostgres(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var queue = new PostgresPartitionQueue(dataSource);
        var workers = new List<CrashHostProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                workers.Add(CrashHostProcess.Start("partition-worker", provider,
                    $"keys={Keys}", $"ranges={Ranges}", $"chunk={Chunk}", "lease-ms=5000", "poll-ms=300", $"hold={holdFolder.FullName}", $"hold-after={HoldAfter}"));
            }

            var job = PartitionedJob.Build(_ => new ItemTable.Writer(), Keys, Ranges, Chunk, remote: true);
            var manager = new JobLauncher(repository, services: new QueueServices(queue))
                .RunAsync(job, JobParameters.Empty, CancellationToken.None);

            // one worker blocks after committing HoldAfter chunks of its partition: kill it there (SIGKILL)
            var holding = await Task.WhenAny(workers.Select(async w => { await w.Holding; return w; })).Unwrap().WaitAsync(Limit);
            holding.Kill();
            (await holding.WaitAsync(Limit)).Should().Be(CrashHostProcess.Killed);
            var heldStep = await File.ReadAllTextAsync(Path.Combine(holdFolder.FullName, "held"));

            var launched = await manager.WaitAsync(Limit);

            var execution = (await repository.GetJobExecutionAsync(launched.Id, CancellationToken.None))!;
            execution.Status.Should().Be(BatchStatus.Completed, string.Join("\n", workers.Select(w => w.Output)));
            var summary = await ItemTable.SummaryAsync(provider);
            summary.Should().Be((Keys, Keys, 1L, Keys), "every key is in the table exactly once");
            var attempts = execution.StepExecutions.Where(s => s.StepName == heldStep).OrderBy(s => s.Id).ToList();
            // (on a machine so loaded that a live worker misses its renewals for a whole lease, a partition may be taken over more
            // than once; each takeover is fenced by the step execution's VERSION, so the table stays exact either way)
            attempts.Should().HaveCountGreaterThanOrEqualTo(2);
            attempts[0].Status.Should().Be(BatchStatus.Failed);
            attempts[0].WriteCount.Should().Be(HoldAfter * Chunk, "the dead worker had committed its first chunks");
            var takeover = attempts[0].ExitStatus.ExitDescription;
            takeover.Should().MatchRegex("Worker (\\S+) lost its lease on partition '[^']+' .* worker (\\S+) took the partition over");
            var owners = System.Text.RegularExpressions.Regex.Match(takeover, "Worker (\\S+) lost .* worker (\\S+) took");
            owners.Groups[1].Value.Should().NotBe(owners.Groups[2].Value, "another worker finished the dead worker's partition");
            attempts[^1].Status.Should().Be(BatchStatus.Completed);
            attempts[1].ItemsConsumedBefore.Should().Be(HoldAfter * Chunk, "the partition resumed from the dead worker's last committed chunk");
            execution.StepExecutions.Single(s => s.StepName == PartitionedJob.ManagerStep).WriteCount.Should().Be(Keys);
            execution.StepExecutions.Where(s => s.StepName.StartsWith(PartitionedJob.WorkerStep + ":", StringComparison.Ordinal))
                .GroupBy(s => s.StepName).Should().HaveCount(Ranges).And.OnlyContain(g => g.OrderBy(s => s.Id).Last().Status == BatchStatus.Completed);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }

            holdFolder.Delete(recursive: true);
        }
    }

    private sealed class QueueServices(IPartitionQueue queue) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IPartitionQueue) ? queue : null;
    }
}
