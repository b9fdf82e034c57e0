using Batch.Core.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Steps;

public class TimeoutTests
{
    private FakeTimeProvider _time = null!;
    private JobLauncher _launcher = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _launcher = new JobLauncher(new InMemoryJobRepository(_time), _time);
    }

    [Test]
    public async Task A_reader_that_hangs_is_cut_by_its_read_timeout_and_the_step_restarts_cleanly()
    {
        var reader = new NumberReader(500) { HangAt = 250 };
        var writer = new AtomicWriter();
        var job = ChunkJobs.Numbers(reader, writer, configure: step => step.ReadTimeout(TimeSpan.FromSeconds(60)));

        var run = _launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);
        await reader.Hanging.Task.WaitAsync(FakeClock.Generous);
        var failed = await _time.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(61));

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.ExitStatus.ExitDescription.Should().Contain("Reader of step 'load' produced no item within 60 s");
        failed.StepExecutions.Single().FailureExceptions.Should().ContainSingle().Which.Should().BeOfType<StepTimeoutException>();
        writer.Written.Should().Equal(Enumerable.Range(1, 200));

        reader.HangAt = 0;
        var restarted = await _launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(1, 500));
    }

    [Test]
    public async Task A_step_that_runs_past_its_timeout_fails_with_a_message_naming_the_timeout_and_restarts()
    {
        var hang = true;
        var step = new StepBuilder("load")
            .Timeout(TimeSpan.FromMinutes(2))
            .Tasklet(async (_, ct) =>
            {
                if (hang)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                }

                return RepeatStatus.Finished;
            })
            .Build();
        var job = new JobBuilder("timed").Start(step).Build();

        var failed = await _time.AdvanceUntilDoneAsync(_launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None), TimeSpan.FromSeconds(30));

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().Status.Should().Be(BatchStatus.Failed);
        failed.ExitStatus.ExitDescription.Should().Contain("Step 'load' exceeded its timeout of 00:02:00");

        hang = false;
        (await _launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_step_timeout_cuts_a_reader_that_ignores_cancellation()
    {
        var reader = new NumberReader(500) { HangAt = 120 };
        var writer = new AtomicWriter();
        var job = ChunkJobs.Numbers(reader, writer, configure: step => step.Timeout(TimeSpan.FromMinutes(5)));

        var run = _launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);
        await reader.Hanging.Task.WaitAsync(FakeClock.Generous);
        var failed = await _time.AdvanceUntilDoneAsync(run, TimeSpan.FromMinutes(1));

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.ExitStatus.ExitDescription.Should().Contain("exceeded its timeout of 00:05:00");
        writer.Written.Should().Equal(Enumerable.Range(1, 100));
    }

    [Test]
    public async Task A_read_timeout_is_not_skipped_even_by_a_step_that_skips_everything()
    {
        var reader = new NumberReader(50) { HangAt = 10 };
        var job = ChunkJobs.Numbers(reader, new AtomicWriter(), configure: step => step.ReadTimeout(TimeSpan.FromSeconds(1)), faultTolerance: ft => ft.Skip<Exception>());

        var run = _launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);
        await reader.Hanging.Task.WaitAsync(FakeClock.Generous);
        var failed = await _time.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(2));

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().ReadSkipCount.Should().Be(0);
    }
}
