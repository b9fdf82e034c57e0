using Batch.Core.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Scheduling;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Batch.Core.Tests.Scheduling;

/// <summary>The in-process scheduler on a fake clock: fires at its cron times, makes up a missed run once, never overlaps an entry with itself.</summary>
public class JobSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 3, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 12, day, hour, minute, 0, TimeSpan.Zero);

    [Test]
    public async Task A_scheduled_job_fires_at_each_cron_time_once_and_never_between()
    {
        await using var harness = new SchedulerHarness(Start, batch => batch
            .AddJob(SchedulerHarness.Job("tick"))
            .Schedule("tick", "*/10 * * * *"));
        harness.Start();
        await harness.UntilWaitingForAsync(At(2, 10, 10));

        foreach (var occurrence in new[] { At(2, 10, 10), At(2, 10, 20), At(2, 10, 30) })
        {
            var before = (await harness.ExecutionsAsync("tick")).Count;
            harness.Clock.SetUtcNow(occurrence - TimeSpan.FromSeconds(1));
            (await harness.ExecutionsAsync("tick")).Should().HaveCount(before, "nothing fires before {0:t}", occurrence);

            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            await harness.UntilHandledAsync(occurrence);
            await harness.UntilWaitingForAsync(occurrence + TimeSpan.FromMinutes(10));
        }

        var executions = await harness.ExecutionsAsync("tick");
        executions.Select(e => e.CreateTime).Should().Equal(At(2, 10, 10), At(2, 10, 20), At(2, 10, 30));
        executions.Select(e => e.JobParameters.GetLong("run.id")).Should().Equal(1, 2, 3);
        executions.Should().OnlyContain(e => e.Status == BatchStatus.Completed);
        harness.Handled.Should().Equal(At(2, 10, 10), At(2, 10, 20), At(2, 10, 30));
        harness.Lines.Should().Contain(l => l.Contains("job 'tick' has never run") && l.Contains("first run at 2026-12-02 10:10:00 +00:00"));
        harness.Lines.Count(l => l.Contains("firing for")).Should().Be(3);
        harness.Lines.Count(l => l.Contains("ended COMPLETED")).Should().Be(3);
    }

    [Test]
    public async Task A_daily_job_that_missed_its_runs_while_the_process_was_down_runs_once_at_start_then_at_its_next_time()
    {
        await using var harness = new SchedulerHarness(At(2, 3, 0).AddDays(-2), batch => batch
            .AddJob(SchedulerHarness.Job("nightly"))
            .Schedule("nightly", "0 3 * * *"));
        await harness.Services.GetRequiredService<IJobOperator>().StartNextInstanceAsync("nightly", null, CancellationToken.None); // 2026-11-30 03:00, then the process went down
        harness.Clock.SetUtcNow(At(2, 10, 0));                                                                                     // the 12-01 and 12-02 03:00 runs were missed

        harness.Start();
        await harness.UntilHandledAsync(At(2, 10, 0));
        await harness.UntilWaitingForAsync(At(3, 3, 0));
        var afterStart = await harness.ExecutionsAsync("nightly");
        harness.Clock.SetUtcNow(At(3, 3, 0));
        await harness.UntilHandledAsync(At(3, 3, 0));

        afterStart.Select(e => e.CreateTime).Should().Equal(At(2, 3, 0).AddDays(-2), At(2, 10, 0));
        (await harness.ExecutionsAsync("nightly")).Select(e => e.CreateTime).Should().Equal(At(2, 3, 0).AddDays(-2), At(2, 10, 0), At(3, 3, 0));
        harness.Lines.Should().ContainSingle(l => l.Contains("missed 2 run(s)") && l.Contains("the first at 2026-12-01 03:00:00 +00:00") && l.Contains("running it once now"));
    }

    [Test]
    public async Task With_the_skip_policy_missed_runs_are_not_made_up()
    {
        await using var harness = new SchedulerHarness(At(2, 3, 0).AddDays(-2), batch => batch
            .AddJob(SchedulerHarness.Job("nightly"))
            .Schedule("nightly", "0 3 * * *", misfire: MisfirePolicy.Skip));
        await harness.Services.GetRequiredService<IJobOperator>().StartNextInstanceAsync("nightly", null, CancellationToken.None);
        harness.Clock.SetUtcNow(At(2, 10, 0));

        harness.Start();
        await harness.UntilWaitingForAsync(At(3, 3, 0));
        harness.Clock.SetUtcNow(At(3, 3, 0));
        await harness.UntilHandledAsync(At(3, 3, 0));

        (await harness.ExecutionsAsync("nightly")).Select(e => e.CreateTime).Should().Equal(At(2, 3, 0).AddDays(-2), At(3, 3, 0));
        harness.Handled.Should().Equal(At(3, 3, 0));
        harness.Lines.Should().ContainSingle(l => l.Contains("missed 2 run(s)") && l.Contains("not made up (misfire policy Skip)"));
    }

    [Test]
    public async Task A_job_that_never_ran_has_no_misfire_and_first_runs_at_its_next_time()
    {
        await using var harness = new SchedulerHarness(At(2, 10, 0), batch => batch
            .AddJob(SchedulerHarness.Job("nightly"))
            .Schedule("nightly", "0 3 * * *"));

        harness.Start();
        await harness.UntilWaitingForAsync(At(3, 3, 0));
        harness.Clock.SetUtcNow(At(3, 3, 0));
        await harness.UntilHandledAsync(At(3, 3, 0));

        (await harness.ExecutionsAsync("nightly")).Select(e => e.CreateTime).Should().Equal(At(3, 3, 0));
        harness.Handled.Should().Equal(At(3, 3, 0));
    }

    [Test]
    public async Task An_occurrence_that_comes_while_the_previous_run_is_still_going_is_skipped_and_logged()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = new SchedulerHarness(Start, batch => batch
            .AddJob(SchedulerHarness.Job("slow", async (ctx, ct) =>
            {
                if (ctx.JobParameters.GetLong("run.id") == 1)
                {
                    started.TrySetResult();
                    await gate.Task.WaitAsync(ct);
                }
            }))
            .Schedule("slow", "*/10 * * * *"));
        harness.Start();
        await harness.UntilWaitingForAsync(At(2, 10, 10));

        harness.Clock.SetUtcNow(At(2, 10, 10));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await harness.UntilWaitingForAsync(At(2, 10, 20));
        harness.Clock.SetUtcNow(At(2, 10, 20));
        await harness.UntilHandledAsync(At(2, 10, 20));
        gate.SetResult();
        await harness.UntilHandledAsync(At(2, 10, 10));
        await harness.UntilWaitingForAsync(At(2, 10, 30));
        harness.Clock.SetUtcNow(At(2, 10, 30));
        await harness.UntilHandledAsync(At(2, 10, 30));

        var executions = await harness.ExecutionsAsync("slow");
        executions.Select(e => (e.CreateTime, e.Status)).Should().Equal((At(2, 10, 10), BatchStatus.Completed), (At(2, 10, 30), BatchStatus.Completed));
        harness.Logs.In(BatchLogCategories.Schedule).Should().ContainSingle(e =>
            e.Level == LogLevel.Warning && e.Message.Contains("the run for 2026-12-02 10:20:00 +00:00 is skipped: the run for 2026-12-02 10:10:00 +00:00 is still running"));
    }

    [Test]
    public async Task A_launch_refused_because_the_instance_is_running_elsewhere_is_skipped_and_the_schedule_goes_on()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var report = new JobBuilder("report")                                   // no incrementer: every run is the instance [region=eu]
            .Start(new StepBuilder("work").Tasklet(async (_, ct) =>
            {
                started.TrySetResult();
                await gate.Task.WaitAsync(ct);
                return RepeatStatus.Finished;
            }).Build())
            .Build();
        await using var harness = new SchedulerHarness(Start, batch => batch.AddJob(report).Schedule("report", "*/10 * * * *", parameters: "region=eu"));
        var elsewhere = harness.Services.GetRequiredService<IJobOperator>().StartAsync("report", "region=eu", CancellationToken.None); // as another process would
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        harness.Start();
        await harness.UntilWaitingForAsync(At(2, 10, 10));

        harness.Clock.SetUtcNow(At(2, 10, 10));
        await harness.UntilHandledAsync(At(2, 10, 10));
        gate.SetResult();
        (await elsewhere.WaitAsync(TimeSpan.FromSeconds(60))).Status.Should().Be(BatchStatus.Completed);
        await harness.UntilWaitingForAsync(At(2, 10, 20));
        harness.Clock.SetUtcNow(At(2, 10, 20));
        await harness.UntilHandledAsync(At(2, 10, 20));

        (await harness.ExecutionsAsync("report")).Should().ContainSingle("both runs of the schedule were refused");
        var lines = harness.Lines;
        lines.Should().Contain(l => l.Contains("job 'report' has neither an incrementer nor a business date") && l.Contains("[region=eu]"));
        lines.Should().Contain(l => l.Contains("the run for 2026-12-02 10:10:00 +00:00 is skipped: Job 'report' with parameters [region=eu] is already running"));
        lines.Should().Contain(l => l.Contains("the run for 2026-12-02 10:20:00 +00:00 is skipped:") && l.Contains("complete"));
    }

    [Test]
    public async Task A_job_that_fails_is_logged_and_its_schedule_goes_on()
    {
        await using var harness = new SchedulerHarness(Start, batch => batch
            .AddJob(SchedulerHarness.Job("flaky", (ctx, _) => ctx.JobParameters.GetLong("run.id") == 1
                ? throw new InvalidOperationException("the upstream file is not there yet")
                : ValueTask.CompletedTask))
            .Schedule("flaky", "*/10 * * * *"));
        harness.Start();
        await harness.UntilWaitingForAsync(At(2, 10, 10));

        harness.Clock.SetUtcNow(At(2, 10, 10));
        await harness.UntilHandledAsync(At(2, 10, 10));
        await harness.UntilWaitingForAsync(At(2, 10, 20));
        harness.Clock.SetUtcNow(At(2, 10, 20));
        await harness.UntilHandledAsync(At(2, 10, 20));

        (await harness.ExecutionsAsync("flaky")).Select(e => e.Status).Should().Equal(BatchStatus.Failed, BatchStatus.Completed);
        harness.Logs.In(BatchLogCategories.Schedule).Should().ContainSingle(e =>
            e.Level == LogLevel.Warning && e.Message.Contains("ended FAILED") && e.Message.Contains("the schedule goes on"));
    }

    [Test]
    public async Task A_job_history_that_cannot_be_read_at_start_is_logged_and_the_schedule_goes_on()
    {
        var reads = 0;
        var (repository, hooks) = HookedRepository.Wrap(new InMemoryJobRepository(TimeProvider.System));
#pragma warning disable CA2012 // returned as object through the proxy, awaited once by the caller
        hooks.On(nameof(IJobExplorer.GetJobInstancesAsync), (_, real) =>
        {
            if (Interlocked.Increment(ref reads) == 1)
            {
                return ValueTask.FromException<IReadOnlyList<JobInstance>>(new TimeoutException("the database did not answer"));
            }

            return real();
        });
#pragma warning restore CA2012
        await using var harness = new SchedulerHarness(Start, batch => batch
            .UseRepository(_ => repository)
            .AddJob(SchedulerHarness.Job("tick"))
            .Schedule("tick", "*/10 * * * *"));

        harness.Start();
        await harness.UntilWaitingForAsync(At(2, 10, 10));
        harness.Clock.SetUtcNow(At(2, 10, 10));
        await harness.UntilHandledAsync(At(2, 10, 10));

        (await harness.ExecutionsAsync("tick")).Should().ContainSingle().Which.Status.Should().Be(BatchStatus.Completed);
        harness.Logs.In(BatchLogCategories.Schedule).Should().ContainSingle(e => e.Level == LogLevel.Error
            && e.Message.Contains("the history of job 'tick' could not be read") && e.Exception is TimeoutException);
    }

    [Test]
    public async Task A_cron_expression_is_read_in_the_entry_s_time_zone()
    {
        await using var harness = new SchedulerHarness(At(2, 10, 0), batch => batch
            .AddJob(SchedulerHarness.Job("seoul"))
            .Schedule("seoul", "0 3 * * *", timeZone: "Asia/Seoul"));        // 03:00 in Seoul is 18:00 UTC the day before

        harness.Start();
        await harness.UntilWaitingForAsync(At(2, 18, 0));
        harness.Clock.SetUtcNow(At(2, 18, 0));
        await harness.UntilHandledAsync(At(2, 18, 0));

        (await harness.ExecutionsAsync("seoul")).Select(e => e.CreateTime).Should().Equal(At(2, 18, 0));
        harness.Lines.Should().Contain(l => l.Contains("firing for 2026-12-03 03:00:00 +09:00"));
    }

    [Test]
    public async Task A_job_with_a_business_date_catches_up_its_dates_at_each_occurrence()
    {
        var ran = new List<DateOnly>();
        var nightly = new JobBuilder("close")
            .BusinessDate("date")
            .Start(new StepBuilder("close").Tasklet((ctx, _) =>
            {
                lock (ran)
                {
                    ran.Add(ctx.JobParameters.GetDate("date"));
                }

                return ValueTask.FromResult(RepeatStatus.Finished);
            }).Build())
            .Build();
        await using var harness = new SchedulerHarness(At(2, 3, 0).AddDays(-2), batch => batch.AddJob(nightly).Schedule("close", "0 3 * * *"));
        await harness.Services.GetRequiredService<IJobOperator>().StartAsync("close", "date:date=2026-11-30", CancellationToken.None);
        harness.Clock.SetUtcNow(At(2, 10, 0));

        harness.Start();                                            // missed: 12-01 and 12-02 run once at start, as one catch-up
        await harness.UntilHandledAsync(At(2, 10, 0));
        await harness.UntilWaitingForAsync(At(3, 3, 0));
        harness.Clock.SetUtcNow(At(3, 3, 0));
        await harness.UntilHandledAsync(At(3, 3, 0));

        ran.Select(d => d.Day).Should().Equal(30, 1, 2, 3);
    }

    [Test]
    public async Task Cancelling_stops_the_running_job_and_returns_once_it_has_ended()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = new SchedulerHarness(Start, batch => batch
            .AddJob(SchedulerHarness.Job("long", async (_, ct) =>
            {
                started.TrySetResult();
                await new TaskCompletionSource().Task.WaitAsync(ct); // until the scheduler is stopped
            }))
            .Schedule("long", "*/10 * * * *"));
        harness.Start();
        await harness.UntilWaitingForAsync(At(2, 10, 10));
        harness.Clock.SetUtcNow(At(2, 10, 10));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        await harness.StopAsync();

        (await harness.ExecutionsAsync("long")).Should().ContainSingle().Which.Status.Should().Be(BatchStatus.Stopped);
        harness.Lines.Should().Contain("Scheduler stopped");
    }
}
