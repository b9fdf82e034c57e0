using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Jobs;

/// <summary>
/// The end of a job and of its steps is saved even when the job repository's database is away for a while
/// (<see cref="BatchOptions.FinalStatusRetryFor"/>), on the injected clock: no test here waits for real backoff.
/// </summary>
public class FinalStatusRetryTests
{
    private FakeTimeProvider _time = null!;
    private InMemoryJobRepository _stored = null!;
    private IJobRepository _repository = null!;
    private FlakyRepository _flaky = null!;
    private LogCapture _logs = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _stored = new InMemoryJobRepository(_time);
        (_repository, _flaky) = FlakyRepository.Wrap(_stored);
        _logs = new LogCapture();
    }

    [TearDown]
    public void TearDown() => _logs.Dispose();

    private JobLauncher Launcher(TimeSpan retryFor) =>
        new(_repository, _time, _logs, null, new BatchOptions { FinalStatusRetryFor = retryFor });

    /// <summary>A job whose only step starts the outage (<paramref name="failures"/> failed writes) and then fails.</summary>
    private SimpleJob FailingJob(int failures, Exception? cause = null) =>
        new JobBuilder("outage")
            .Start(new StepBuilder("work").Tasklet((_, _) =>
            {
                _flaky.FailuresLeft = failures;
                throw cause ?? new InvalidOperationException("the work failed");
            }).Build())
            .Build();

    [Test]
    public async Task An_outage_of_seconds_at_the_end_is_retried_with_backoff_and_the_execution_ends_FAILED_not_STARTED()
    {
        var run = Launcher(TimeSpan.FromMinutes(1)).RunAsync(FailingJob(failures: 4), JobParameters.Empty, CancellationToken.None);

        var execution = await _time.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(1));

        execution.Status.Should().Be(BatchStatus.Failed);
        _flaky.Failed.Should().Be(4);
        var stored = await _stored.GetJobExecutionAsync(execution.Id, CancellationToken.None);
        stored!.Status.Should().Be(BatchStatus.Failed, "the end was saved once the database answered again");
        stored.EndTime.Should().NotBeNull();
        stored.StepExecutions.Single().Status.Should().Be(BatchStatus.Failed);

        var retries = _logs.In(BatchLogCategories.Job).Where(e => e.Level == LogLevel.Warning).ToList();
        retries.Should().HaveCount(4).And.OnlyContain(e => e.Message.Contains("57P03") && e.Message.Contains("retrying in"));
        retries[0].Message.Should().Contain("the end of step 'work' (FAILED)");
        _logs.In(BatchLogCategories.Job).Should().Contain(e => e.Level == LogLevel.Information && e.Message.StartsWith("Saved the end of step 'work'"));
    }

    [Test]
    public async Task The_delays_between_attempts_grow_exponentially()
    {
        var run = Launcher(TimeSpan.FromMinutes(1)).RunAsync(FailingJob(failures: 4), JobParameters.Empty, CancellationToken.None);

        await _time.AdvanceUntilDoneAsync(run, TimeSpan.FromMilliseconds(250));

        _logs.In(BatchLogCategories.Job).Where(e => e.Level == LogLevel.Warning).Select(e => e.Message[(e.Message.IndexOf("retrying in ", StringComparison.Ordinal) + 12)..].Split(' ')[0..2])
            .Select(words => string.Join(' ', words))
            .Should().Equal("250 ms", "500 ms", "1 s", "2 s");
    }

    [Test]
    public async Task A_database_away_for_longer_than_FinalStatusRetryFor_gives_up_saying_the_execution_is_left_STARTED_and_what_to_run()
    {
        var run = Launcher(TimeSpan.FromSeconds(10)).RunAsync(FailingJob(failures: int.MaxValue), JobParameters.Empty, CancellationToken.None);

        var act = () => _time.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(1));

        var thrown = (await act.Should().ThrowAsync<ExecutionStatusNotSavedException>()).Which;
        var id = thrown.JobExecutionId;
        thrown.Message.Should().Contain($"Job execution {id} is left STARTED").And.Contain($"'fail {id}'").And.Contain("'recover'");
        (await _stored.GetJobExecutionAsync(id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
        _logs.In(BatchLogCategories.Job).Should().Contain(e => e.Level == LogLevel.Error && e.Message.Contains("is left STARTED"));
    }

    [Test]
    public async Task A_stale_version_at_the_end_is_not_retried()
    {
        _flaky.Fault = () => new OptimisticLockingFailureException("stale");
        var run = Launcher(TimeSpan.FromMinutes(1)).RunAsync(FailingJob(failures: 1), JobParameters.Empty, CancellationToken.None);

        var act = () => _time.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(1));

        await act.Should().NotThrowAsync("the step's stale write fails the step; the job's end is then saved");
        _flaky.Failed.Should().Be(1);
        _logs.In(BatchLogCategories.Job).Should().NotContain(e => e.Level == LogLevel.Warning);
    }

    [Test]
    public async Task A_system_fault_at_the_end_is_not_retried()
    {
        _flaky.Fault = () => new InvalidOperationException("a bug in the repository");
        var run = Launcher(TimeSpan.FromMinutes(1)).RunAsync(FailingJob(failures: 1), JobParameters.Empty, CancellationToken.None);

        await _time.AdvanceUntilDoneAsync(run, TimeSpan.FromSeconds(1));

        _flaky.Failed.Should().Be(1);
        _logs.In(BatchLogCategories.Job).Should().NotContain(e => e.Level == LogLevel.Warning);
    }

    [Test]
    public async Task The_command_line_exits_1_saying_the_execution_is_left_STARTED_and_to_run_fail_or_recover()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_repository);
        services.AddSingleton<TimeProvider>(_time);
        services.AddBatch(batch => batch.Configure(o => o.FinalStatusRetryFor = TimeSpan.Zero).AddJob(FailingJob(failures: int.MaxValue)));
        await using var provider = services.BuildServiceProvider();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await provider.GetRequiredService<BatchCommandLineRunner>().RunAsync(["run", "outage"], output, error, CancellationToken.None);

        code.Should().Be(BatchExitCodes.Failed);
        var id = (await _stored.GetJobExecutionsAsync((await _stored.GetJobInstancesAsync("outage", 0, 1, CancellationToken.None)).Single(), CancellationToken.None)).Single().Id;
        error.ToString().Should().StartWith("failed: Could not save the end of")
            .And.Contain($"Job execution {id} is left STARTED").And.Contain($"run 'fail {id}' (or 'recover')");
    }
}
