using Batch.Infrastructure.Partitioning;
using Batch.Infrastructure.Tests.Support;
using Batch.Partitioning;
using Npgsql;

namespace Batch.Infrastructure.Tests.Partitioning;

/// <summary>The PostgreSQL partition queue's protocol: claims under a lease, takeover when it runs out, stop requests, wake-ups.</summary>
public sealed class PostgresPartitionQueueTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private PostgresBackend _backend = null!;
    private NpgsqlDataSource _dataSource = null!;
    private PostgresPartitionQueue _queue = null!;
    private IJobRepository _repository = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _backend = new PostgresBackend();
        _repository = await _backend.OpenAsync();
        await ((RelationalJobRepository)_repository).CreateSchemaAsync(CancellationToken.None);
        _dataSource = NpgsqlDataSource.Create(await _backend.EnsureDatabaseAsync());
        _queue = new PostgresPartitionQueue(_dataSource);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _queue.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Test]
    public async Task Concurrent_claims_never_get_the_same_partition_and_a_full_queue_gives_none()
    {
        await EnqueueAsync(job: 1, "a", "b", "c");

        var claims = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => _queue.ClaimAsync($"w{i}", Long, CancellationToken.None).AsTask()));

        claims.OfType<PartitionClaim>().Select(c => c.PartitionName).Should().BeEquivalentTo(["a", "b", "c"]);
        claims.Count(c => c is null).Should().Be(2);
        claims.OfType<PartitionClaim>().Should().OnlyContain(c => c.Attempt == 1 && !c.IsTakeover && c.StepExecutionName == "worker:" + c.PartitionName);
    }

    [Test]
    public async Task A_claim_whose_lease_ran_out_is_taken_over_naming_its_previous_owner_and_the_old_claim_is_refused()
    {
        await EnqueueAsync(job: 1, "a");
        var first = (await _queue.ClaimAsync("dead", TimeSpan.FromMilliseconds(200), CancellationToken.None))!;

        PartitionClaim? second = null;
        await WaitUntilAsync(async () => (second = await _queue.ClaimAsync("alive", Long, CancellationToken.None)) is not null);

        second!.PreviousOwner.Should().Be("dead");
        second.Attempt.Should().Be(2);
        (await _queue.RenewAsync(first, Long, default, CancellationToken.None)).Should().Be(LeaseRenewal.Lost);
        (await _queue.CompleteAsync(first, PartitionStatus.Completed, default, null, CancellationToken.None)).Should().BeFalse();
        (await _queue.RenewAsync(second, Long, new PartitionProgress(5, 4), CancellationToken.None)).Should().Be(LeaseRenewal.Renewed);
        (await _queue.CompleteAsync(second, PartitionStatus.Completed, new PartitionProgress(10, 10), null, CancellationToken.None)).Should().BeTrue();
        var state = (await _queue.GetPartitionsAsync(1, "load", CancellationToken.None)).Single();
        state.Should().Be(new PartitionState("a", PartitionStatus.Completed, "alive", false, 2, new PartitionProgress(10, 10), null));
    }

    [Test]
    public async Task A_stop_request_stops_waiting_partitions_at_once_and_tells_running_ones_at_their_renewal()
    {
        await EnqueueAsync(job: 1, "a", "b");
        var running = (await _queue.ClaimAsync("w", Long, CancellationToken.None))!;

        await _queue.RequestStopAsync(1, "load", CancellationToken.None);

        (await _queue.ClaimAsync("w2", Long, CancellationToken.None)).Should().BeNull();
        (await _queue.RenewAsync(running, Long, default, CancellationToken.None)).Should().Be(LeaseRenewal.StopRequested);
        (await _queue.GetPartitionsAsync(1, "load", CancellationToken.None)).Select(s => s.Status).Should().Equal(PartitionStatus.Claimed, PartitionStatus.Stopped);
    }

    [Test]
    public async Task A_renewal_asks_the_partition_to_stop_once_its_job_execution_is_no_longer_running()
    {
        var execution = await _repository.CreateJobExecutionAsync(new JobLaunchRequest("job", JobParameters.Empty, true), CancellationToken.None);
        await EnqueueAsync(execution.Id, "a");
        var claim = (await _queue.ClaimAsync("w", Long, CancellationToken.None))!;
        var whileRunning = await _queue.RenewAsync(claim, Long, default, CancellationToken.None);

        execution.Status = BatchStatus.Failed;
        execution.EndTime = DateTimeOffset.UtcNow;
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);

        whileRunning.Should().Be(LeaseRenewal.Renewed);
        (await _queue.RenewAsync(claim, Long, default, CancellationToken.None)).Should().Be(LeaseRenewal.StopRequested);
    }

    [Test]
    public async Task A_released_partition_waits_again_for_another_worker_and_enqueueing_twice_adds_nothing()
    {
        await EnqueueAsync(job: 1, "a");
        await EnqueueAsync(job: 1, "a");
        var claim = (await _queue.ClaimAsync("w", Long, CancellationToken.None))!;

        (await _queue.CompleteAsync(claim, PartitionStatus.Waiting, new PartitionProgress(3, 3), null, CancellationToken.None)).Should().BeTrue();
        var again = await _queue.ClaimAsync("w2", Long, CancellationToken.None);

        again!.PartitionName.Should().Be("a");
        again.IsTakeover.Should().BeFalse();
        (await _queue.GetPartitionsAsync(1, "load", CancellationToken.None)).Should().ContainSingle();
    }

    [Test]
    public async Task A_waiting_worker_is_woken_by_the_notification_of_new_partitions()
    {
        await using var other = new PostgresPartitionQueue(_dataSource);

        // Warm-up: the first wait starts listening, and the listener wakes waiters once when it begins (for what was added before).
        var warmUp = _queue.WaitForWorkAsync(Long, CancellationToken.None).AsTask();
        await other.EnqueueAsync(new PartitionSet(1, "job", "load", "worker", [new PartitionWork("a", "worker:a", "{}")]), CancellationToken.None);
        (await Task.WhenAny(warmUp, Task.Delay(TimeSpan.FromSeconds(60)))).Should().Be(warmUp);

        // Now only a notification can end a wait far longer than the test's limit.
        var wait = _queue.WaitForWorkAsync(Long, CancellationToken.None).AsTask();
        await other.EnqueueAsync(new PartitionSet(2, "job", "load", "worker", [new PartitionWork("a", "worker:a", "{}")]), CancellationToken.None);

        (await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(60)))).Should().Be(wait);
    }

    private ValueTask EnqueueAsync(long job, params string[] names) =>
        _queue.EnqueueAsync(new PartitionSet(job, "job", "load", "worker", [.. names.Select(n => new PartitionWork(n, "worker:" + n, "{}"))]), CancellationToken.None);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(limit, "the condition should have held within 60 s");
            await Task.Delay(50);
        }
    }
}
