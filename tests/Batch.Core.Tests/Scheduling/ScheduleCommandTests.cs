using System.Text.Json;
using Batch.Hosting;
using Batch.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Scheduling;

/// <summary>The <c>schedule</c> command: lists the entries, runs them at their times on the job's clock until stopped, refuses an empty or wrong schedule.</summary>
public class ScheduleCommandTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 5, 0, TimeSpan.Zero);

    private static ServiceProvider Services(FakeTimeProvider clock, Action<Batch.Hosting.BatchBuilder>? schedules = null) =>
        new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddBatch(batch =>
            {
                batch.AddJob(SchedulerHarness.Job("report"));
                schedules?.Invoke(batch);
            })
            .BuildServiceProvider();

    [Test]
    public async Task Schedule_list_with_json_shows_each_entry_with_its_next_time_and_runs_nothing()
    {
        await using var services = Services(new FakeTimeProvider(Start), b => b.Schedule("report", "*/10 * * * *"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["schedule", "--list", "--json"], output, error, CancellationToken.None);

        code.Should().Be(BatchExitCodes.Completed, error.ToString());
        var entry = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("schedules")[0];
        entry.GetProperty("job").GetString().Should().Be("report");
        entry.GetProperty("cron").GetString().Should().Be("*/10 * * * *");
        entry.GetProperty("next").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 12, 2, 10, 10, 0, TimeSpan.Zero));
        (await services.GetRequiredService<IJobExplorer>().GetJobInstancesAsync("report", 0, 10, CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task Schedule_runs_the_job_at_its_cron_time_on_the_clock_until_stopped()
    {
        var clock = new FakeTimeProvider(Start);
        await using var services = Services(clock, b => b.Schedule("report", "*/10 * * * *"));
        var waiting = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = services.GetRequiredService<JobScheduler>();
        scheduler.Waiting = (_, occurrence) => waiting.TrySetResult(occurrence);
        scheduler.Handled = (_, occurrence) => handled.TrySetResult(occurrence);
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var running = services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["schedule"], TextWriter.Synchronized(output), error, stop.Token);
        (await waiting.Task.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new DateTimeOffset(2026, 12, 2, 10, 10, 0, TimeSpan.Zero));
        clock.Advance(TimeSpan.FromMinutes(5));
        (await handled.Task.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new DateTimeOffset(2026, 12, 2, 10, 10, 0, TimeSpan.Zero), "the 10:10 run ended");
        var instances = await services.GetRequiredService<IJobExplorer>().GetJobInstancesAsync("report", 0, 10, CancellationToken.None);
        await stop.CancelAsync();

        (await running.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(BatchExitCodes.Completed, error.ToString());
        instances.Should().HaveCount(1);
        output.ToString().Should().Contain("report").And.Contain("next 2026-12-02 10:10:00Z").And.Contain("Scheduler stopped.");
    }

    [Test]
    public async Task Schedule_without_entries_or_with_a_wrong_one_exits_with_the_usage_code_and_one_line()
    {
        await using (var services = Services(new FakeTimeProvider(Start)))
        {
            using var error = new StringWriter();
            (await services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["schedule"], TextWriter.Null, error, CancellationToken.None))
                .Should().Be(BatchExitCodes.UsageError);
            error.ToString().Trim().Should().Contain("nothing to schedule").And.Contain("Batch:Schedules").And.NotContain("\n");
        }

        await using (var services = Services(new FakeTimeProvider(Start), b => b.Schedule("report", "not a cron")))
        {
            using var error = new StringWriter();
            (await services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["schedule", "--list"], TextWriter.Null, error, CancellationToken.None))
                .Should().Be(BatchExitCodes.UsageError);
            error.ToString().Should().Contain("not a cron");
        }
    }
}
