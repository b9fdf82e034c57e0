using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Repository;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Hosting;

/// <summary>The operator's commands on the command line: cleanup, fail, abandon, stop, restart; the clock is a fake one.</summary>
public class OperatorCommandLineTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private NumbersJob _numbers = null!;
    private CommandLineHarness _cli = null!;

    private ServiceProvider Services => _cli.Services;

    private StringWriter Out => _cli.Out;

    private StringWriter Err => _cli.Err;

    [SetUp]
    public void SetUp()
    {
        _numbers = new NumbersJob(100, 10);
        _cli = new CommandLineHarness(services => services.AddSingleton<TimeProvider>(_clock).AddBatch(batch => batch.AddJob(_numbers.Job)));
    }

    [TearDown]
    public void TearDown() => _cli.Dispose();

    private IJobRepository Repository => Services.GetRequiredService<IJobRepository>();

    private Task<int> Run(params string[] args) => _cli.RunAsync(args);

    [TestCase("99999999")]
    [TestCase("36501")]
    [TestCase("99999999999999999999")]
    public async Task Cleanup_of_more_days_than_a_hundred_years_exits_with_the_usage_code_and_says_the_range(string days)
    {
        var code = await Run("cleanup", days);

        code.Should().Be(BatchExitCodes.UsageError);
        Err.ToString().Should().Contain("from 0 to 36500").And.NotContain("Overflow");
    }

    [Test]
    public async Task Cleanup_keeps_a_failed_instance_for_its_restart_and_deletes_it_only_when_told_to_include_restartable_ones()
    {
        _numbers.FailAt = 55;
        (await Run("run", "numbers", "date:date=2026-11-21")).Should().Be(BatchExitCodes.Failed);
        _numbers.FailAt = 0;
        (await Run("run", "numbers", "date:date=2026-11-22")).Should().Be(BatchExitCodes.Completed);
        _clock.Advance(TimeSpan.FromDays(31));

        (await Run("cleanup", "30")).Should().Be(BatchExitCodes.Completed);
        Out.ToString().Should().Contain("Deleted 1 job instances (1 executions)").And.Contain("--include-restartable");
        (await Repository.GetJobExecutionAsync(1, CancellationToken.None)).Should().NotBeNull();
        (await Run("cleanup", "30", "--include-restartable")).Should().Be(BatchExitCodes.Completed);

        Out.ToString().Should().Contain("Deleted 1 job instances (1 executions) whose last execution ended more than 30 days ago.");
        (await Repository.GetJobNamesAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task Fail_and_abandon_of_an_execution_with_a_fresh_heartbeat_exit_with_the_refused_code_and_point_to_stop()
    {
        var running = await StartedAsync();
        _clock.Advance(TimeSpan.FromMinutes(3));

        (await Run("fail", running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Should().Be(BatchExitCodes.Refused);
        (await Run("abandon", "1")).Should().Be(BatchExitCodes.Refused);

        Err.ToString().Should().Contain("'stop 1'").And.Contain("3 min 0 s ago").And.Contain("'fail 1 0'").And.Contain("'abandon 1 0'");
        (await Repository.GetJobExecutionAsync(1, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
    }

    [Test]
    public async Task Fail_with_an_age_of_zero_marks_a_running_execution_whose_process_the_operator_knows_is_gone_FAILED()
    {
        await StartedAsync();

        (await Run("fail", "1", "0")).Should().Be(BatchExitCodes.Completed);

        (await Repository.GetJobExecutionAsync(1, CancellationToken.None))!.Status.Should().Be(BatchStatus.Failed);
    }

    [Test]
    public async Task Restart_and_run_of_an_abandoned_instance_and_fail_of_an_abandoned_execution_exit_with_the_refused_code()
    {
        _numbers.FailAt = 55;
        (await Run("run", "numbers", "date:date=2026-11-22")).Should().Be(BatchExitCodes.Failed);
        _numbers.FailAt = 0;
        (await Run("abandon", "1")).Should().Be(BatchExitCodes.Completed);

        (await Run("restart", "1")).Should().Be(BatchExitCodes.Refused);
        (await Run("run", "numbers", "date:date=2026-11-22")).Should().Be(BatchExitCodes.Refused);
        (await Run("fail", "1")).Should().Be(BatchExitCodes.Refused);

        Err.ToString().Should().Contain("ABANDONED").And.Contain("other identifying parameters");
        _numbers.Writer.Written.Should().HaveCount(50, "nothing ran after the abandon");
    }

    [Test]
    public async Task Stop_of_an_execution_silent_for_longer_than_the_recover_age_marks_it_STOPPED_and_restart_completes_it()
    {
        await StartedAsync();
        _clock.Advance(TimeSpan.FromMinutes(11));

        (await Run("stop", "1")).Should().Be(BatchExitCodes.Completed);
        Out.ToString().Should().Contain("it is now STOPPED; 'restart 1' resumes it");
        (await Run("restart", "1")).Should().Be(BatchExitCodes.Completed);
    }

    [Test]
    public async Task Run_of_an_instance_left_STARTED_by_a_dead_process_is_refused_with_how_long_it_has_been_silent_and_recover_and_fail()
    {
        await StartedAsync();
        _clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5));

        (await Run("run", "numbers", "date:date=2026-11-22")).Should().Be(BatchExitCodes.Refused);

        Err.ToString().Should().Contain("silent for 2 h 5 min").And.Contain("'recover'").And.Contain("'fail 1'");
    }

    private async Task<JobExecution> StartedAsync()
    {
        var execution = await Repository.CreateJobExecutionAsync(
            new JobLaunchRequest("numbers", JobParameters.Parse("date:date=2026-11-22")), CancellationToken.None);
        execution.StartTime = _clock.GetUtcNow();
        execution.Status = BatchStatus.Started;
        await Repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        return execution;
    }
}
