using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Launch;

/// <summary>
/// A launch of an instance whose live execution has been silent for longer than <see cref="BatchOptions.TakeOverDeadExecutionsAfter"/>
/// marks it FAILED and restarts it in the same call; within the threshold, or with the option off, it is refused as before.
/// </summary>
public class DeadExecutionTakeoverTests
{
    private static readonly JobParameters Day = JobParameters.Parse("date:date=2026-11-22");
    private FakeTimeProvider _clock = null!;
    private InMemoryJobRepository _repository = null!;
    private LogCapture _logs = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        _repository = new InMemoryJobRepository(_clock);
        _logs = new LogCapture();
    }

    [TearDown]
    public void TearDown() => _logs.Dispose();

    [Test]
    public async Task A_launch_takes_over_an_execution_silent_for_longer_than_the_threshold_and_resumes_it_from_its_last_commit()
    {
        var dead = await DeadRunAsync(committedChunks: 3);
        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var numbers = new NumbersJob(100, 10);

        var execution = await TakingOver(TimeSpan.FromMinutes(10)).RunAsync(numbers.Job, Day, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        execution.Id.Should().NotBe(dead.Id);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(31, 70), "it resumed after the last committed chunk (item 30)");
        var old = (await _repository.GetJobExecutionAsync(dead.Id, CancellationToken.None))!;
        old.Status.Should().Be(BatchStatus.Failed);
        old.ExitStatus.ExitDescription.Should().Contain("Taken over by a launch in process " + Environment.ProcessId)
            .And.Contain("silent for 10 min 1 s").And.Contain("Batch:TakeOverDeadExecutionsAfter (10 min 0 s)");
        old.StepExecutions.Single().Status.Should().Be(BatchStatus.Failed, "its unfinished step is ended with it");
        _logs.In(BatchLogCategories.Job).Should().ContainSingle(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.StartsWith("Took over", StringComparison.Ordinal))
            .Which.Message.Should().Contain($"execution {dead.Id} (instance {dead.JobInstance.Id})").And.Contain("silent for 10 min 1 s").And.Contain("Marked it FAILED (1 unfinished steps");
    }

    [Test]
    public async Task A_launch_within_the_threshold_is_refused_and_leaves_the_live_execution_running()
    {
        var live = await DeadRunAsync(committedChunks: 3);
        _clock.Advance(TimeSpan.FromMinutes(9));

        var launch = () => TakingOver(TimeSpan.FromMinutes(10)).RunAsync(new NumbersJob(100, 10).Job, Day, CancellationToken.None);

        await launch.Should().ThrowAsync<JobExecutionAlreadyRunningException>();
        (await _repository.GetJobExecutionAsync(live.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
    }

    [Test]
    public async Task With_the_option_off_the_default_a_launch_of_an_execution_silent_for_hours_is_refused_as_before()
    {
        new BatchOptions().TakeOverDeadExecutionsAfter.Should().BeNull();
        var dead = await DeadRunAsync(committedChunks: 3);
        _clock.Advance(TimeSpan.FromHours(2));

        var launch = () => new JobLauncher(_repository, _clock, _logs).RunAsync(new NumbersJob(100, 10).Job, Day, CancellationToken.None);

        await launch.Should().ThrowAsync<JobExecutionAlreadyRunningException>();
        (await _repository.GetJobExecutionAsync(dead.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
    }

    [Test]
    public async Task An_execution_that_keeps_beating_is_never_taken_over_however_long_its_chunk_takes()
    {
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new SlowChunkJob(reached, hang);
        var run = Task.Run(() => new JobLauncher(_repository, _clock).RunAsync(slow.Job, Day, CancellationToken.None));
        await reached.Task.WaitAsync(FakeClock.Generous);
        for (var beat = 0; beat < 30; beat++)
        {
            _clock.Advance(BatchOptions.DefaultHeartbeatInterval);
            await WaitForBeatAsync(_clock.GetUtcNow());
        }

        var launch = () => TakingOver(TimeSpan.FromMinutes(10)).RunAsync(new NumbersJob(100, 10).Job, Day, CancellationToken.None);

        await launch.Should().ThrowAsync<JobExecutionAlreadyRunningException>("15 minutes in one chunk, but its heartbeat is 0 s old");
        hang.SetResult();
        (await run.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_launch_that_finds_the_execution_beating_again_at_the_moment_it_would_end_it_does_not_retry_and_is_refused()
    {
        var dead = await DeadRunAsync(committedChunks: 3);
        _clock.Advance(TimeSpan.FromMinutes(20));
        var (hooked, hooks) = HookedRepository.Wrap(_repository);
        var ends = 0;
#pragma warning disable CA2012 // returned as object through the proxy, awaited once by the caller
        hooks.On(nameof(IJobRepository.EndSilentJobExecutionAsync), (args, real) =>
        {
            ends++;
            return BeatThenEndAsync((JobExecution)args[0]!, real);
        });
#pragma warning restore CA2012
        var launcher = new JobLauncher(hooked, _clock, _logs, options: new BatchOptions { TakeOverDeadExecutionsAfter = TimeSpan.FromMinutes(10) });

        var launch = () => launcher.RunAsync(new NumbersJob(100, 10).Job, Day, CancellationToken.None);

        await launch.Should().ThrowAsync<JobExecutionAlreadyRunningException>();
        ends.Should().Be(1, "a lost takeover is not tried again");
        (await _repository.GetJobExecutionAsync(dead.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
        _logs.In(BatchLogCategories.Job).Should().ContainSingle(e => e.Message.Contains("was not taken over: its heartbeat is fresh again"));
    }

    [Test]
    public async Task A_heartbeat_that_cannot_be_saved_is_logged_once_and_never_fails_the_job()
    {
        var (hooked, hooks) = HookedRepository.Wrap(_repository);
#pragma warning disable CA2012 // returned as object through the proxy, awaited once by the caller
        hooks.On(nameof(IJobRepository.TouchJobExecutionAsync), (_, _) => ValueTask.FromException<bool>(new TimeoutException("the database is away")));
#pragma warning restore CA2012
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new SlowChunkJob(reached, hang);
        var run = Task.Run(() => new JobLauncher(hooked, _clock, _logs).RunAsync(slow.Job, Day, CancellationToken.None));
        await reached.Task.WaitAsync(FakeClock.Generous);

        for (var beat = 0; beat < 3; beat++)
        {
            _clock.Advance(BatchOptions.DefaultHeartbeatInterval);
        }

        await FakeClock.WaitUntilAsync(() => _logs.In(BatchLogCategories.Job).Any(e => e.Message.Contains("its heartbeat could not be saved")));
        hang.SetResult();
        (await run.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        _logs.In(BatchLogCategories.Job).Count(e => e.Message.Contains("its heartbeat could not be saved (TimeoutException: the database is away)")).Should().Be(1);
    }

    [Test]
    public async Task Restart_through_the_operator_takes_over_a_dead_execution_when_the_option_is_set()
    {
        var dead = await DeadRunAsync(committedChunks: 2);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var numbers = new NumbersJob(100, 10);
        var options = new BatchOptions { TakeOverDeadExecutionsAfter = TimeSpan.FromMinutes(10) };
        var jobOperator = new JobOperator(new JobRegistry(numbers.Job), new JobLauncher(_repository, _clock, _logs, options: options), _repository, _clock, options);

        var restarted = await jobOperator.RestartAsync(dead.Id, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(21, 80));
    }

    [Test]
    public async Task Restart_through_the_operator_without_the_option_is_refused_and_names_the_option()
    {
        var dead = await DeadRunAsync(committedChunks: 2);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var numbers = new NumbersJob(100, 10);
        var jobOperator = new JobOperator(new JobRegistry(numbers.Job), new JobLauncher(_repository, _clock), _repository, _clock);

        var restart = () => jobOperator.RestartAsync(dead.Id, CancellationToken.None);

        (await restart.Should().ThrowAsync<JobExecutionAlreadyRunningException>()).Which.Message.Should().Contain("Batch:TakeOverDeadExecutionsAfter");
    }

    /// <summary>Between the launch's read and its end of the execution, the "dead" process beats: it was alive after all.</summary>
    private async ValueTask<bool> BeatThenEndAsync(JobExecution execution, Func<object?> endSilent)
    {
        await _repository.TouchJobExecutionAsync(execution, _clock.GetUtcNow(), CancellationToken.None);
        return await (ValueTask<bool>)endSilent()!;
    }

    private JobLauncher TakingOver(TimeSpan threshold) =>
        new(_repository, _clock, _logs, options: new BatchOptions { TakeOverDeadExecutionsAfter = threshold });

    /// <summary>
    /// The state a killed process leaves: the numbers job with chunks of 10 committed <paramref name="committedChunks"/> chunks, then
    /// its process is gone — its execution and step stay STARTED, and nothing beats any more.
    /// </summary>
    private async Task<JobExecution> DeadRunAsync(int committedChunks)
    {
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dying = new SlowChunkJob(reached, hang) { HangAt = (committedChunks * 10) + 5 };
        // A launcher whose heartbeat never comes within the test, and a job that never goes on: silent, as a killed process is.
        var silent = new JobLauncher(_repository, _clock, options: new BatchOptions { HeartbeatInterval = BatchOptions.MaxHeartbeatInterval });
        _ = silent.RunAsync(dying.Job, Day, CancellationToken.None);
        await reached.Task.WaitAsync(FakeClock.Generous);
        var execution = (await _repository.GetRunningJobExecutionsAsync("numbers", CancellationToken.None)).Single();
        return (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
    }

    private async Task WaitForBeatAsync(DateTimeOffset expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await _repository.GetJobExecutionAsync(1, CancellationToken.None))!.LastUpdated != expected && waited.Elapsed < FakeClock.Generous)
        {
            await Task.Delay(10);
        }

        (await _repository.GetJobExecutionAsync(1, CancellationToken.None))!.LastUpdated.Should().Be(expected);
    }
}
