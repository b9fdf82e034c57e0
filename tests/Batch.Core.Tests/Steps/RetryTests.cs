using System.Net.Sockets;
using Batch.Core.Tests.Support;
using Batch.Items;
using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Steps;

public class RetryTests : LauncherFixture
{

    [Test]
    public async Task A_transient_write_fault_that_clears_after_two_tries_is_retried_and_nothing_is_written_twice()
    {
        var writer = new AtomicWriter { TransientFailures = 2 };
        var job = ChunkJobs.Numbers(new NumberReader(250), writer, faultTolerance: ft => ft.RetryLimit(3).Backoff(TimeSpan.Zero));

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        execution.ExitStatus.ExitCode.Should().Be("COMPLETED");
        writer.Written.Should().Equal(Enumerable.Range(1, 250));
        var step = execution.StepExecutions.Single();
        step.WriteCount.Should().Be(250);
        step.CommitCount.Should().Be(3);
        step.RollbackCount.Should().Be(2);
        step.SkipCount.Should().Be(0);
    }

    [Test]
    public async Task A_transient_processing_fault_is_retried_in_place_without_rolling_back()
    {
        var failures = 2;
        var processed = new List<int>();
        var writer = new AtomicWriter();
        var job = ChunkJobs.Numbers(
            new NumberReader(20),
            writer,
            chunkSize: 10,
            faultTolerance: ft => ft.Backoff(TimeSpan.Zero),
            processor: (item, _) =>
            {
                processed.Add(item);
                if (item == 13 && failures-- > 0)
                {
                    throw new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset));
                }

                return ValueTask.FromResult(new ItemResult<int>(item));
            });

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        processed.Count(i => i == 13).Should().Be(3);
        processed.Count(i => i == 12).Should().Be(1);
        execution.StepExecutions.Single().RollbackCount.Should().Be(0);
        writer.Written.Should().Equal(Enumerable.Range(1, 20));
    }

    [Test]
    public async Task A_fault_that_outlasts_the_retry_limit_fails_the_step_after_exactly_that_many_attempts()
    {
        var writer = new AtomicWriter { TransientFailures = int.MaxValue };
        var job = ChunkJobs.Numbers(new NumberReader(10), writer, faultTolerance: ft => ft.RetryLimit(4).Backoff(TimeSpan.Zero));

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("TimeoutException");
        writer.Calls.Should().Be(4);
        writer.Written.Should().BeEmpty();
    }

    [Test]
    public async Task A_business_error_is_skipped_not_retried_and_a_system_error_is_neither()
    {
        var business = new AtomicWriter { FailNextWith = new PoisonedItemException(3) };
        var system = new AtomicWriter { FailNextWith = new InvalidOperationException("bug") };

        var skipped = await Launcher.RunAsync(ChunkJobs.Numbers(new NumberReader(5), business, faultTolerance: ft => ft, name: "business"), JobParameters.Empty, CancellationToken.None);
        var failed = await Launcher.RunAsync(ChunkJobs.Numbers(new NumberReader(5), system, faultTolerance: ft => ft, name: "system"), JobParameters.Empty, CancellationToken.None);

        business.Calls.Should().Be(1 + 5, "one chunk attempt, then a scan of the 5 items");
        skipped.Status.Should().Be(BatchStatus.Completed);
        system.Calls.Should().Be(1);
        failed.Status.Should().Be(BatchStatus.Failed);
    }

    [Test]
    public async Task Retry_and_NoRetry_override_the_classification()
    {
        var retried = new AtomicWriter { FailNextWith = new InvalidOperationException("flaky driver") };
        var notRetried = new AtomicWriter { TransientFailures = 1 };

        var first = await Launcher.RunAsync(
            ChunkJobs.Numbers(new NumberReader(5), retried, faultTolerance: ft => ft.Retry<InvalidOperationException>().Backoff(TimeSpan.Zero), name: "retry"),
            JobParameters.Empty,
            CancellationToken.None);
        var second = await Launcher.RunAsync(
            ChunkJobs.Numbers(new NumberReader(5), notRetried, faultTolerance: ft => ft.NoRetry<TimeoutException>(), name: "no-retry"),
            JobParameters.Empty,
            CancellationToken.None);

        first.Status.Should().Be(BatchStatus.Completed);
        retried.Calls.Should().Be(2);
        second.Status.Should().Be(BatchStatus.Failed);
        notRetried.Calls.Should().Be(1);
    }

    [Test]
    public async Task Retries_wait_their_backoff_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var launcher = new JobLauncher(Repository, time);
        var writer = new AtomicWriter { TransientFailures = 1 };
        var job = ChunkJobs.Numbers(new NumberReader(5), writer, faultTolerance: ft => ft.Backoff(TimeSpan.FromMinutes(10), Polly.DelayBackoffType.Constant));

        var started = time.GetUtcNow();
        var run = launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);
        await FakeClock.WaitUntilAsync(() => writer.Calls == 1);

        // Advance a minute at a time until the run ends: it can only end once ten minutes of the injected clock went by.
        var execution = await time.AdvanceUntilDoneAsync(run, TimeSpan.FromMinutes(1));

        execution.Status.Should().Be(BatchStatus.Completed);
        (time.GetUtcNow() - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(10), "the retry waits ten minutes of the injected clock");
        writer.Calls.Should().Be(2);
    }
}
