using Batch.Core.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Partitioning;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Partitioning;

public class RemotePartitioningTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Partitions_handed_to_two_workers_all_run_once_and_the_manager_sums_their_counts()
    {
        var repository = new InMemoryJobRepository();
        var queue = new InMemoryPartitionQueue();
        var numbers = new PartitionedNumbersJob();
        var job = numbers.Build(configure: b => b.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(20)));
        using var stopWorkers = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 2)
            .Select(_ => new PartitionWorker(new JobRegistry(job), repository, queue, new PartitionWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) }).RunAsync(stopWorkers.Token))
            .ToArray();

        var logs = new LogCapture();
        var launched = await new JobLauncher(repository, loggerFactory: logs, services: new Services(queue)).RunAsync(job, JobParameters.Empty, CancellationToken.None);
        await stopWorkers.CancelAsync();
        var ran = await Task.WhenAll(workers).WaitAsync(FakeClock.Generous);
        logs.In("Batch.Progress").Select(e => e.Message).Should().Contain("Step 'load': 10 partitions handed to workers (job execution 1)")
            .And.Contain("Step 'load': partitions 10 done (0 failed, 0 stopped), 0 running, 0 waiting of 10; items read 1000, written 1000");

        var execution = (await repository.GetJobExecutionAsync(launched.Id, CancellationToken.None))!;
        execution.Status.Should().Be(BatchStatus.Completed);
        ran.Sum().Should().Be(10);
        execution.StepExecutions.Where(s => s.StepName != "load").Should().HaveCount(10).And.OnlyContain(s => s.Status == BatchStatus.Completed);
        var manager = execution.StepExecutions.Single(s => s.StepName == "load");
        manager.ReadCount.Should().Be(1000);
        manager.WriteCount.Should().Be(1000);
        numbers.Written.Should().BeEquivalentTo(Enumerable.Range(1, 1000));
        (await queue.GetPartitionsAsync(launched.Id, "load", CancellationToken.None)).Should().BeEmpty("the manager removes its partitions once they ended");
        launched.StepExecutions.Select(s => s.StepName).Should().BeEquivalentTo(execution.StepExecutions.Select(s => s.StepName),
            "the manager's own execution shows the partitions' step executions, as with the local handler");
    }

    [Test]
    public async Task Ten_remote_partitions_with_two_failing_fail_the_manager_and_the_restart_hands_only_those_two_to_workers()
    {
        var repository = new InMemoryJobRepository();
        var queue = new InMemoryPartitionQueue();
        var numbers = new PartitionedNumbersJob { Poisoned = { 250, 777 } };
        var job = numbers.Build(configure: b => b.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(20)));
        using var stopWorkers = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 2)
            .Select(_ => new PartitionWorker(new JobRegistry(job), repository, queue, new PartitionWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) }).RunAsync(stopWorkers.Token))
            .ToArray();
        var launcher = new JobLauncher(repository, services: new Services(queue));

        var first = await launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);
        numbers.Opens.Clear();
        numbers.Poisoned.Clear();
        var second = await launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);
        await stopWorkers.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(FakeClock.Generous);

        first.Status.Should().Be(BatchStatus.Failed);
        first.StepExecutions.Single(s => s.StepName == "load").ExitStatus.ExitDescription.Should().Contain("2 of 10 partitions of step 'load' failed: range2, range7");
        first.StepExecutions.Single(s => s.StepName == "load").WriteCount.Should().Be(910);
        second.Status.Should().Be(BatchStatus.Completed);
        numbers.Opens.Keys.Should().BeEquivalentTo(["worker:range2", "worker:range7"]);
        second.StepExecutions.Select(s => s.StepName).Should().BeEquivalentTo(["load", "worker:range2", "worker:range7"]);
        second.StepExecutions.Single(s => s.StepName == "load").WriteCount.Should().Be(90);
        numbers.Written.Should().BeEquivalentTo(Enumerable.Range(1, 1000));
    }

    [Test]
    public async Task A_partition_whose_worker_stops_renewing_its_lease_is_taken_over_and_resumed_from_its_last_committed_chunk()
    {
        var repository = new InMemoryJobRepository();
        var queueClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = new InMemoryPartitionQueue(queueClock);
        var stalled = new PartitionedNumbersJob { HoldAfterChunks = 3 };
        var healthy = new PartitionedNumbersJob();
        var managerJob = healthy.Build(configure: b => b.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(20)));
        using var stopWorkers = new CancellationTokenSource();

        // the stalled worker's clock never moves, so it never renews: to the queue it is a dead worker
        var dead = new PartitionWorker(new JobRegistry(stalled.Build(configure: b => b.Remote())), repository, queue,
            new PartitionWorkerOptions { LeaseDuration = Lease, WorkerId = "dead" }, new FakeTimeProvider());
        var run = new JobLauncher(repository, services: new Services(queue)).RunAsync(managerJob, JobParameters.Empty, CancellationToken.None);
        await FakeClock.WaitUntilAsync(() => queue.GetPartitionsAsync(1, "load", CancellationToken.None).AsTask().Result.Count == 10);
        var deadRun = dead.RunOneAsync(stopWorkers.Token);
        var held = await stalled.Holding.Task.WaitAsync(FakeClock.Generous);

        queueClock.Advance(Lease + TimeSpan.FromSeconds(1));
        var taker = new PartitionWorker(new JobRegistry(managerJob), repository, queue,
            new PartitionWorkerOptions { LeaseDuration = Lease, WorkerId = "taker", PollInterval = TimeSpan.FromMilliseconds(50) });
        var takerRun = taker.RunAsync(stopWorkers.Token);
        var launched = await run.WaitAsync(FakeClock.Generous);
        await stopWorkers.CancelAsync();
        await Task.WhenAll(deadRun, takerRun).WaitAsync(FakeClock.Generous);

        var execution = (await repository.GetJobExecutionAsync(launched.Id, CancellationToken.None))!;
        execution.Status.Should().Be(BatchStatus.Completed);
        var attempts = execution.StepExecutions.Where(s => s.StepName == held).OrderBy(s => s.Id).ToList();
        attempts.Should().HaveCount(2);
        attempts[0].Status.Should().Be(BatchStatus.Failed);
        attempts[0].ExitStatus.ExitDescription.Should().Contain("Worker dead lost its lease").And.Contain("worker taker took the partition over");
        attempts[0].WriteCount.Should().Be(30);
        attempts[1].Status.Should().Be(BatchStatus.Completed);
        attempts[1].ItemsConsumedBefore.Should().Be(30, "the taker resumed after the dead worker's three committed chunks");
        stalled.Written.Concat(healthy.Written).Should().BeEquivalentTo(Enumerable.Range(1, 1000), "no item is lost or written twice");
        execution.StepExecutions.Single(s => s.StepName == "load").WriteCount.Should().Be(1000);
    }

    [Test]
    public async Task A_restart_takes_over_a_partition_whose_worker_went_silent_in_the_stopped_execution_and_resumes_it_from_its_checkpoint()
    {
        var repository = new InMemoryJobRepository();
        var queueClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = new InMemoryPartitionQueue(queueClock);
        var stalled = new PartitionedNumbersJob { HoldAfterChunks = 3 };
        var healthy = new PartitionedNumbersJob();
        var managerJob = healthy.Build(configure: b => b.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(20)));
        var launcher = new JobLauncher(repository, services: new Services(queue));
        using var stop = new CancellationTokenSource();
        using var stopWorkers = new CancellationTokenSource();
        var first = launcher.RunAsync(managerJob, JobParameters.Empty, stop.Token);
        await FakeClock.WaitUntilAsync(() => queue.GetPartitionsAsync(1, "load", CancellationToken.None).AsTask().Result.Count == 10);
        var silent = new PartitionWorker(new JobRegistry(stalled.Build(configure: b => b.Remote())), repository, queue,
            new PartitionWorkerOptions { LeaseDuration = Lease, WorkerId = "silent" }, new FakeTimeProvider());
        var silentRun = silent.RunOneAsync(stopWorkers.Token);
        var held = await stalled.Holding.Task.WaitAsync(FakeClock.Generous);

        // the manager is stopped; the silent worker's lease runs out, so the manager ends without it
        await stop.CancelAsync();
        queueClock.Advance(Lease + TimeSpan.FromSeconds(1));
        var stopped = await first.WaitAsync(FakeClock.Generous);
        var worker = new PartitionWorker(new JobRegistry(managerJob), repository, queue,
            new PartitionWorkerOptions { LeaseDuration = Lease, WorkerId = "restarter", PollInterval = TimeSpan.FromMilliseconds(50) });
        var workerRun = worker.RunAsync(stopWorkers.Token);
        var second = await launcher.RunAsync(managerJob, JobParameters.Empty, CancellationToken.None).WaitAsync(FakeClock.Generous);
        await stopWorkers.CancelAsync();
        await Task.WhenAll(silentRun, workerRun).WaitAsync(FakeClock.Generous);

        stopped.Status.Should().Be(BatchStatus.Stopped);
        second.Status.Should().Be(BatchStatus.Completed);
        var attempts = second.StepExecutions.Where(s => s.StepName == held).ToList();
        attempts.Should().ContainSingle().Which.ItemsConsumedBefore.Should().Be(30, "it resumed after the silent worker's three committed chunks");
        var silentHistory = (await repository.GetJobExecutionAsync(stopped.Id, CancellationToken.None))!.StepExecutions.Single(s => s.StepName == held);
        silentHistory.Status.Should().Be(BatchStatus.Failed);
        silentHistory.ExitStatus.ExitDescription.Should().Contain($"Job execution {stopped.Id} ended while partition").And.Contain("worker restarter took the partition over");
        stalled.Written.Concat(healthy.Written).Should().BeEquivalentTo(Enumerable.Range(1, 1000), "no item is lost or written twice");
    }

    [Test]
    public async Task A_worker_that_is_shut_down_gives_its_partition_back_and_another_worker_resumes_it_from_its_checkpoint()
    {
        var repository = new InMemoryJobRepository();
        var queue = new InMemoryPartitionQueue();
        var leaving = new PartitionedNumbersJob { HoldAfterChunks = 4 };
        var staying = new PartitionedNumbersJob();
        var managerJob = staying.Build(configure: b => b.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(20)));
        using var shutDown = new CancellationTokenSource();
        using var stopWorkers = new CancellationTokenSource();
        var run = new JobLauncher(repository, services: new Services(queue)).RunAsync(managerJob, JobParameters.Empty, CancellationToken.None);
        await FakeClock.WaitUntilAsync(() => queue.GetPartitionsAsync(1, "load", CancellationToken.None).AsTask().Result.Count == 10);
        var leaver = new PartitionWorker(new JobRegistry(leaving.Build(configure: b => b.Remote())), repository, queue, new PartitionWorkerOptions { WorkerId = "leaver" });

        var leaverRun = leaver.RunOneAsync(shutDown.Token);
        var held = await leaving.Holding.Task.WaitAsync(FakeClock.Generous);
        await shutDown.CancelAsync();
        (await leaverRun.WaitAsync(FakeClock.Generous)).Should().BeTrue();
        var stayer = new PartitionWorker(new JobRegistry(managerJob), repository, queue, new PartitionWorkerOptions { WorkerId = "stayer", PollInterval = TimeSpan.FromMilliseconds(50) });
        var stayerRun = stayer.RunAsync(stopWorkers.Token);
        var launched = await run.WaitAsync(FakeClock.Generous);
        await stopWorkers.CancelAsync();
        await stayerRun.WaitAsync(FakeClock.Generous);

        var execution = (await repository.GetJobExecutionAsync(launched.Id, CancellationToken.None))!;
        execution.Status.Should().Be(BatchStatus.Completed, "a worker leaving does not stop the job");
        var attempts = execution.StepExecutions.Where(s => s.StepName == held).OrderBy(s => s.Id).ToList();
        attempts.Select(s => s.Status).Should().Equal(BatchStatus.Stopped, BatchStatus.Completed);
        attempts[1].ItemsConsumedBefore.Should().Be(40);
        leaving.Written.Concat(staying.Written).Should().BeEquivalentTo(Enumerable.Range(1, 1000));
    }

    [Test]
    public async Task A_stopped_manager_stops_waiting_partitions_waits_for_running_ones_and_its_restart_completes_the_rest()
    {
        var repository = new InMemoryJobRepository();
        var queue = new InMemoryPartitionQueue();
        var stopping = new PartitionedNumbersJob { HoldAfterChunks = 2 };
        var numbers = new PartitionedNumbersJob();
        var managerJob = numbers.Build(configure: b => b.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(20)));
        using var stop = new CancellationTokenSource();
        using var stopWorkers = new CancellationTokenSource();
        var launcher = new JobLauncher(repository, services: new Services(queue));
        var run = launcher.RunAsync(managerJob, JobParameters.Empty, stop.Token);
        await FakeClock.WaitUntilAsync(() => queue.GetPartitionsAsync(1, "load", CancellationToken.None).AsTask().Result.Count == 10);
        var worker = new PartitionWorker(new JobRegistry(stopping.Build(configure: b => b.Remote())), repository, queue,
            new PartitionWorkerOptions { LeaseDuration = TimeSpan.FromSeconds(3), RenewInterval = TimeSpan.FromMilliseconds(50) });
        var workerRun = worker.RunOneAsync(stopWorkers.Token);
        await stopping.Holding.Task.WaitAsync(FakeClock.Generous);

        await stop.CancelAsync();
        var first = await run.WaitAsync(FakeClock.Generous);
        await workerRun.WaitAsync(FakeClock.Generous);
        var restartWorker = new PartitionWorker(new JobRegistry(managerJob), repository, queue, new PartitionWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        var restartWorkerRun = restartWorker.RunAsync(stopWorkers.Token);
        var second = await launcher.RunAsync(managerJob, JobParameters.Empty, CancellationToken.None).WaitAsync(FakeClock.Generous);
        await stopWorkers.CancelAsync();
        await restartWorkerRun.WaitAsync(FakeClock.Generous);

        first.Status.Should().Be(BatchStatus.Stopped);
        second.Status.Should().Be(BatchStatus.Completed);
        var stored = (await repository.GetJobExecutionAsync(second.Id, CancellationToken.None))!;
        stored.StepExecutions.Count(s => s.StepName != "load").Should().Be(10, "nothing had completed before the stop");
        stopping.Written.Concat(numbers.Written).Should().BeEquivalentTo(Enumerable.Range(1, 1000));
    }

    [Test]
    public async Task One_worker_process_runs_as_many_partitions_at_once_as_its_concurrency_and_no_more()
    {
        const int concurrency = 3;
        var repository = new InMemoryJobRepository();
        var queue = new InMemoryPartitionQueue();
        var inside = 0;
        var most = 0;
        var entered = 0;
        using var releases = new SemaphoreSlim(0);
        var worker = new StepBuilder("worker")
            .Tasklet(async (_, ct) =>
            {
                var now = Interlocked.Increment(ref inside);
                int seen;
                while ((seen = Volatile.Read(ref most)) < now && Interlocked.CompareExchange(ref most, now, seen) != seen)
                {
                }

                Interlocked.Increment(ref entered);
                await releases.WaitAsync(ct);
                Interlocked.Decrement(ref inside);
                return RepeatStatus.Finished;
            })
            .Build();
        var job = new JobBuilder("threads")
            .Start(new StepBuilder("load").Partitioner(new KeyRangePartitioner(1, 7) { Ranges = 7 }).Step(worker).Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(20)).Build())
            .Build();
        using var stopWorker = new CancellationTokenSource();
        var workerRun = new PartitionWorker(new JobRegistry(job), repository, queue,
            new PartitionWorkerOptions { Concurrency = concurrency, PollInterval = TimeSpan.FromMilliseconds(20) }).RunAsync(stopWorker.Token);

        var run = new JobLauncher(repository, services: new Services(queue)).RunAsync(job, JobParameters.Empty, CancellationToken.None);
        for (var released = 0; released < 7; released++)
        {
            var expected = Math.Min(released + concurrency, 7);
            await FakeClock.WaitUntilAsync(() => Volatile.Read(ref entered) >= expected);
            releases.Release();
        }

        var execution = await run.WaitAsync(FakeClock.Generous);
        await stopWorker.CancelAsync();
        (await workerRun.WaitAsync(FakeClock.Generous)).Should().Be(7);
        execution.Status.Should().Be(BatchStatus.Completed);
        most.Should().Be(concurrency);
    }

    [Test]
    public async Task A_remote_partitioned_step_without_a_partition_queue_fails_saying_to_use_PostgreSQL_or_the_local_handler()
    {
        var repository = new InMemoryJobRepository();
        var job = new PartitionedNumbersJob().Build(configure: b => b.Remote());

        var execution = await new JobLauncher(repository).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("needs the PostgreSQL job repository").And.Contain("leave out .Remote()");
    }

    private sealed class Services(IPartitionQueue queue) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IPartitionQueue) ? queue : null;
    }
}
