using System.Collections.Concurrent;
using Batch.Core.Tests.Support;
using Batch.Exceptions;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Launch;

/// <summary>Catch-up without date arguments (seed 002): every business date not yet completed, in order, up to today, from the repository's records.</summary>
public class CatchUpTests : LauncherFixture
{
    private readonly ConcurrentQueue<DateOnly> _ran = new();
    private readonly ConcurrentDictionary<DateOnly, bool> _broken = new();
    private FakeTimeProvider _clock = null!;
    private JobOperator _operator = null!;
    private IJob _job = null!;

    [SetUp]
    public void CreateOperator()
    {
        _ran.Clear();
        _broken.Clear();
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero));
        _job = new JobBuilder("nightly")
            .BusinessDate("date")
            .Start(new StepBuilder("close").Tasklet((ctx, _) =>
            {
                var date = ctx.JobParameters.GetDate("date");
                if (_broken.ContainsKey(date))
                {
                    throw new InvalidOperationException($"the ledger of {date:yyyy-MM-dd} is locked");
                }

                _ran.Enqueue(date);
                return ValueTask.FromResult(RepeatStatus.Finished);
            }).Build())
            .Build();
        var launcher = new JobLauncher(Repository, _clock);
        _operator = new JobOperator(new JobRegistry(_job), launcher, Repository, _clock);
    }

    [Test]
    public async Task Three_missed_dates_run_in_order_up_to_today_and_a_rerun_runs_nothing()
    {
        await _operator.StartAsync("nightly", "date:date=2026-12-01", CancellationToken.None);

        var caughtUp = await _operator.CatchUpAsync("nightly", null, CancellationToken.None);
        var again = await _operator.CatchUpAsync("nightly", null, CancellationToken.None);

        caughtUp.Select(e => e.JobParameters.GetDate("date")).Should().Equal(new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 4));
        caughtUp.Should().OnlyContain(e => e.Status == BatchStatus.Completed);
        _ran.Should().Equal(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 4));
        again.Should().BeEmpty();
    }

    [Test]
    public async Task A_business_date_given_without_its_type_is_the_same_instance_as_the_typed_date_and_catch_up_counts_it()
    {
        var untyped = await _operator.StartAsync("nightly", "date=2026-12-03", CancellationToken.None);

        untyped.JobParameters["date"].Type.Should().Be(JobParameterType.Date);
        var typed = () => _operator.StartAsync("nightly", "date:date=2026-12-03", CancellationToken.None);
        await typed.Should().ThrowAsync<JobInstanceAlreadyCompleteException>("it is the same instance, completed");
        (await _operator.CatchUpAsync("nightly", null, CancellationToken.None)).Select(e => e.JobParameters.GetDate("date"))
            .Should().Equal([new DateOnly(2026, 12, 4)], "2026-12-03 is done");
    }

    [TestCase("date=2026-11-30x")]
    [TestCase("date:long=20261130")]
    public async Task A_business_date_that_is_not_a_date_is_refused_before_an_instance_exists(string parameters)
    {
        var start = () => _operator.StartAsync("nightly", parameters, CancellationToken.None);

        (await start.Should().ThrowAsync<JobParametersInvalidException>()).Which.Message
            .Should().Contain("'date' is the business date of job 'nightly'").And.Contain("date=yyyy-MM-dd");
        (await Repository.GetJobNamesAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task A_date_that_fails_stops_the_catch_up_and_the_next_catch_up_restarts_it_first()
    {
        await _operator.StartAsync("nightly", "date:date=2026-12-01", CancellationToken.None);
        _broken[new DateOnly(2026, 12, 3)] = true;

        var first = await _operator.CatchUpAsync("nightly", null, CancellationToken.None);
        _broken.Clear();
        _clock.Advance(TimeSpan.FromDays(1));
        var second = await _operator.CatchUpAsync("nightly", null, CancellationToken.None);

        first.Select(e => (e.JobParameters.GetDate("date").Day, e.Status)).Should().Equal((2, BatchStatus.Completed), (3, BatchStatus.Failed));
        second.Select(e => e.JobParameters.GetDate("date").Day).Should().Equal(3, 4, 5);
        second[0].JobInstance.Id.Should().Be(first[1].JobInstance.Id, "the failed date is restarted, not run as a new instance");
        _ran.Select(d => d.Day).Should().Equal(1, 2, 3, 4, 5);
    }

    [Test]
    public async Task A_job_never_run_catches_up_today_only()
    {
        var caughtUp = await _operator.CatchUpAsync("nightly", null, CancellationToken.None);

        caughtUp.Select(e => e.JobParameters.GetDate("date")).Should().Equal(new DateOnly(2026, 12, 4));
    }

    [Test]
    public async Task Catch_up_refuses_a_job_without_a_business_date_and_parameters_that_name_the_date()
    {
        var plain = new JobBuilder("plain").Start(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build();
        var jobOperator = new JobOperator(new JobRegistry(plain, _job), new JobLauncher(Repository, _clock), Repository, _clock);

        var noDate = () => jobOperator.CatchUpAsync("plain", null, CancellationToken.None);
        var named = () => jobOperator.CatchUpAsync("nightly", JobParameters.Parse("date:date=2026-12-01"), CancellationToken.None);

        await noDate.Should().ThrowAsync<JobParametersInvalidException>().WithMessage("*declares no business date*.BusinessDate(\"date\")*");
        await named.Should().ThrowAsync<JobParametersInvalidException>().WithMessage("*leave out 'date'*");
    }

    [Test]
    public async Task The_catch_up_command_needs_no_date_and_says_when_there_is_nothing_to_do()
    {
        using var cli = new CommandLineHarness(services => services.AddSingleton<TimeProvider>(_clock).AddBatch(batch => batch.AddJob(_job)));
        await cli.RunAsync("run", "nightly", "date:date=2026-12-02");

        var exitCode = await cli.RunAsync("catch-up", "nightly");
        var again = await cli.RunAsync("catch-up", "nightly");

        (exitCode, again).Should().Be((0, 0));
        _ran.Select(d => d.Day).Should().Equal(2, 3, 4);
        cli.Out.ToString().Should().Contain("nothing to catch up");
    }
}
