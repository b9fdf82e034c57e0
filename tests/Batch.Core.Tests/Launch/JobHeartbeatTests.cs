using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Launch;

/// <summary>The launcher's heartbeat: a running execution's LAST_UPDATED moves every interval of the job's clock, whatever its step does.</summary>
public class JobHeartbeatTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _clock = null!;
    private InMemoryJobRepository _repository = null!;
    private TaskCompletionSource _entered = null!;
    private TaskCompletionSource _release = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(Start);
        _repository = new InMemoryJobRepository(_clock);
        _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Test]
    public async Task A_long_tasklet_call_keeps_its_execution_alive_LAST_UPDATED_moves_every_interval_and_VERSION_does_not()
    {
        var (counted, counter) = TouchCounter.Wrap(_repository);
        var run = Task.Run(() => new JobLauncher(counted, _clock).RunAsync(LongTasklet(), JobParameters.Empty, CancellationToken.None));
        await _entered.Task.WaitAsync(FakeClock.Generous);
        var before = (await _repository.GetJobExecutionAsync(1, CancellationToken.None))!;

        for (var beat = 1; beat <= 3; beat++)
        {
            _clock.Advance(BatchOptions.DefaultHeartbeatInterval);
            await WaitForHeartbeatAsync(Start + (BatchOptions.DefaultHeartbeatInterval * beat));
        }

        var after = (await _repository.GetJobExecutionAsync(1, CancellationToken.None))!;
        after.LastUpdated.Should().Be(Start + TimeSpan.FromSeconds(90));
        after.Version.Should().Be(before.Version, "a heartbeat never changes VERSION, so it never conflicts with the engine's saves");
        counter.Touches.Should().Be(3, "one statement per interval");
        _release.SetResult();
        (await run.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed, "the job's own version-checked saves did not conflict with the beats");
    }

    [Test]
    public async Task Recover_and_fail_leave_an_execution_alone_while_it_beats_though_its_step_has_not_committed_for_longer_than_their_age()
    {
        var launcher = new JobLauncher(_repository, _clock);
        var jobOperator = new JobOperator(new JobRegistry(), launcher, _repository, _clock);
        var run = Task.Run(() => launcher.RunAsync(LongTasklet(), JobParameters.Empty, CancellationToken.None));
        await _entered.Task.WaitAsync(FakeClock.Generous);

        for (var beat = 1; beat <= 30; beat++)
        {
            _clock.Advance(BatchOptions.DefaultHeartbeatInterval);
            await WaitForHeartbeatAsync(_clock.GetUtcNow());
        }

        (await jobOperator.RecoverAsync(TimeSpan.FromMinutes(10), CancellationToken.None)).Should().BeEmpty("15 minutes in one tasklet call, but it beat 30 s ago");
        var refused = () => jobOperator.MarkEndedAsync(1, BatchStatus.Failed, TimeSpan.FromMinutes(1), CancellationToken.None);
        await refused.Should().ThrowAsync<JobExecutionAlreadyRunningException>();
        _release.SetResult();
        (await run.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_job_that_ends_before_the_first_beat_is_never_touched_and_no_beat_follows_its_end()
    {
        var (counted, counter) = TouchCounter.Wrap(_repository);
        var execution = await new JobLauncher(counted, _clock).RunAsync(new NumbersJob(10, 5).Job, JobParameters.Empty, CancellationToken.None);
        var ended = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.LastUpdated;

        _clock.Advance(TimeSpan.FromMinutes(5));

        counter.Touches.Should().Be(0);
        (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.LastUpdated.Should().Be(ended);
    }

    [Test]
    public async Task Failing_at_age_0_an_execution_whose_process_keeps_saving_it_is_refused_as_alive_pointing_to_stop_not_to_the_same_command()
    {
        var launcher = new JobLauncher(_repository, _clock);
        var run = Task.Run(() => launcher.RunAsync(LongTasklet(), JobParameters.Empty, CancellationToken.None));
        await _entered.Task.WaitAsync(FakeClock.Generous);
        var jobOperator = new JobOperator(new JobRegistry(), launcher, AlwaysSavedMeanwhile.Wrap(_repository), _clock);

        var fail = () => jobOperator.MarkEndedAsync(1, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);

        var refusal = (await fail.Should().ThrowAsync<JobExecutionAlreadyRunningException>()).Which.Message;
        refusal.Should().Contain("its process saved it again while it was being marked FAILED").And.Contain("'stop 1'").And.NotContain("'fail 1 0'");
        _release.SetResult();
        (await run.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_running_job_whose_execution_an_operator_marked_FAILED_stops_at_its_next_heartbeat_instead_of_working_on()
    {
        var launcher = new JobLauncher(_repository, _clock);
        var run = Task.Run(() => launcher.RunAsync(LongTasklet(), JobParameters.Empty, CancellationToken.None));
        await _entered.Task.WaitAsync(FakeClock.Generous);
        await new JobOperator(new JobRegistry(), launcher, _repository, _clock).MarkEndedAsync(1, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);

        _clock.Advance(BatchOptions.DefaultHeartbeatInterval);

        var ended = await run.WaitAsync(FakeClock.Generous);
        ended.Status.Should().NotBe(BatchStatus.Completed, "the tasklet was cancelled by the heartbeat, not released");
        _release.Task.IsCompleted.Should().BeFalse();
        var stored = (await _repository.GetJobExecutionAsync(1, CancellationToken.None))!;
        stored.Status.Should().Be(BatchStatus.Failed, "what the operator decided stays: not running, restartable");
    }

    private SimpleJob LongTasklet() => new JobBuilder("long")
        .Start(new StepBuilder("wait").Tasklet(async (_, ct) =>
        {
            _entered.TrySetResult();
            await _release.Task.WaitAsync(ct);
            return RepeatStatus.Finished;
        }).Build())
        .Build();

    private async Task WaitForHeartbeatAsync(DateTimeOffset expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await _repository.GetJobExecutionAsync(1, CancellationToken.None))!.LastUpdated != expected && waited.Elapsed < FakeClock.Generous)
        {
            await Task.Delay(10);
        }

        (await _repository.GetJobExecutionAsync(1, CancellationToken.None))!.LastUpdated.Should().Be(expected);
    }
}
