using Batch.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Batch.Core.Tests.Scheduling;

/// <summary>
/// <c>{fire.date}</c>, <c>{fire.date-1}</c> and <c>{fire.time}</c> in a schedule's parameters, replaced by each occurrence's time in the
/// entry's zone; and <c>BindSchedules</c>, the schedules of a section whose other keys are not Batch options.
/// </summary>
public class ScheduleFireTimeParametersTests
{
    [Test]
    public async Task Placeholders_are_replaced_by_each_occurrence_read_in_the_entrys_time_zone()
    {
        var start = new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);                          // 23:00 in Seoul
        var first = new DateTimeOffset(2026, 12, 1, 15, 30, 0, TimeSpan.Zero);                         // 00:30 on 12-02 in Seoul
        await using var harness = new SchedulerHarness(start, batch => batch
            .AddJob(SchedulerHarness.Job("statistics"))
            .Schedule("statistics", "30 0 * * *", timeZone: "Asia/Seoul",
                parameters: "from:date={fire.date-1}&to:date={fire.date-1}&-at:datetime={fire.time}&-next={fire.date+7}&day:date={fire.date}&label=a{b}"));
        harness.Start();

        foreach (var occurrence in new[] { first, first.AddDays(1) })
        {
            await harness.UntilWaitingForAsync(occurrence);
            harness.Clock.SetUtcNow(occurrence);
            await harness.UntilHandledAsync(occurrence);
        }

        var executions = await harness.ExecutionsAsync("statistics");
        executions.Select(e => (e.JobParameters.GetDate("from"), e.JobParameters.GetDate("to"), e.JobParameters.GetDate("day"))).Should().Equal(
            (new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)),
            (new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 3)));
        executions.Select(e => (DateTimeOffset)e.JobParameters["at"].Value).Should().Equal(first, first.AddDays(1));
        executions[0].JobParameters["at"].Identifying.Should().BeFalse();
        executions[0].JobParameters.GetString("next").Should().Be("2026-12-09");
        executions[0].JobParameters.GetString("label").Should().Be("a{b}", "only {fire.…} is a placeholder");
        harness.Lines.Should().Contain(l => l.Contains("firing for 2026-12-02 00:30:00 +09:00") && l.Contains("from:date=2026-12-01"));
    }

    [Test]
    public async Task The_run_made_up_at_start_for_missed_occurrences_takes_the_start_time()
    {
        var down = new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
        var start = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        await using var harness = new SchedulerHarness(down, batch => batch
            .AddJob(SchedulerHarness.Job("nightly"))
            .Schedule("nightly", "0 3 * * *", parameters: "day:date={fire.date-1}&-at:datetime={fire.time}"));
        await harness.Services.GetRequiredService<Batch.Launch.IJobOperator>().StartNextInstanceAsync("nightly", null, CancellationToken.None);
        harness.Clock.SetUtcNow(start);                                                                // the 12-01 and 12-02 03:00 runs were missed

        harness.Start();
        await harness.UntilHandledAsync(start);

        var madeUp = (await harness.ExecutionsAsync("nightly"))[^1];
        madeUp.JobParameters.GetDate("day").Should().Be(new DateOnly(2026, 12, 1));
        ((DateTimeOffset)madeUp.JobParameters["at"].Value).Should().Be(start);
    }

    [TestCase("day:date={fire.dat}", "'{fire.dat}' is not a placeholder: write {fire.date}")]
    [TestCase("day:date={fire.date-x}", "'{fire.date-x}' is not a placeholder")]
    [TestCase("day:date={fire.date", "'{fire.date' has no closing '}'")]
    [TestCase("day:long={fire.date}", "cannot be read")]
    public async Task An_unknown_or_unreadable_placeholder_fails_the_check_naming_the_entry(string parameters, string message)
    {
        await using var harness = new SchedulerHarness(DateTimeOffset.UnixEpoch, batch => batch
            .AddJob(SchedulerHarness.Job("tick"))
            .Schedule("tick", "0 3 * * *", parameters: parameters));

        var failures = harness.Scheduler.Invoking(s => s.Validate()).Should().Throw<OptionsValidationException>().Which.Failures.ToList();

        failures.Should().ContainSingle().Which.Should().StartWith($"Schedule 0 (added in code) of job 'tick': Parameters '{parameters}' cannot be read: ")
            .And.Contain(message);
    }

    [Test]
    public async Task BindSchedules_reads_the_list_and_leaves_the_other_keys_of_its_section_alone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Batch:Provider"] = "Sqlite",
            ["Batch:ConnectionString"] = "Data Source=batch.db",
            ["Batch:Schedules:0:Job"] = "tick",
            ["Batch:Schedules:0:Cron"] = "*/10 * * * *",
            ["Batch:Schedules:0:Parameters"] = "day:date={fire.date}",
            ["Batch:Schedules:1:Job"] = "tick",
            ["Batch:Schedules:1:Cron"] = "@daily",
        }).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.AddJob(SchedulerHarness.Job("tick")).BindSchedules(configuration.GetSection("Batch:Schedules")));
        using var host = builder.Build();

        await host.StartAsync();   // Provider and ConnectionString are not refused as unknown Batch settings
        await host.StopAsync();

        host.Services.GetRequiredService<JobScheduler>().Schedules.Select(s => (s.Job, s.Cron, s.Parameters)).Should().Equal(
            ("tick", "*/10 * * * *", "day:date={fire.date}"), ("tick", "@daily", null));
    }

    [Test]
    public async Task BindSchedules_entries_are_checked_at_the_start_of_a_host_that_schedules_with_their_configuration_path()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Batch:Schedules:0:Job"] = "tikc",
            ["Batch:Schedules:0:Cron"] = "@daily",
        }).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.AddJob(SchedulerHarness.Job("tick")).BindSchedules(configuration.GetSection("Batch:Schedules")).AddHostedScheduler());
        using var host = builder.Build();

        var failures = (await host.Invoking(h => h.StartAsync()).Should().ThrowAsync<OptionsValidationException>()).Which.Failures.ToList();

        failures.Should().ContainSingle().Which.Should().StartWith("Schedule Batch:Schedules:0 of job 'tikc': Job 'tikc' is not a registered job");
    }
}
