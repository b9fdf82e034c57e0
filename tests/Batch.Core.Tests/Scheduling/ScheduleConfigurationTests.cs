using Batch.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Batch.Core.Tests.Scheduling;

/// <summary>Schedules from configuration and from code, and the checks at start that name the entry and the field.</summary>
public class ScheduleConfigurationTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 3, 0, TimeSpan.Zero);

    [Test]
    public async Task Schedules_are_read_from_the_Schedules_section_after_those_added_in_code()
    {
        var section = Configuration(
            ("Batch:RecoverStaleAfter", "00:30:00"),
            ("Batch:Schedules:0:Job", "tick"), ("Batch:Schedules:0:Cron", "*/10 * * * *"), ("Batch:Schedules:0:TimeZone", "Europe/Berlin"),
            ("Batch:Schedules:0:Parameters", "region=eu&count:long=5"), ("Batch:Schedules:0:Misfire", "skip"),
            ("Batch:Schedules:1:Job", "tock"), ("Batch:Schedules:1:Cron", "0 0 3 * * *")).GetSection("Batch");
        await using var harness = new SchedulerHarness(Start, batch => batch
            .AddJob(SchedulerHarness.Job("tick")).AddJob(SchedulerHarness.Job("tock"))
            .Schedule("tock", "@hourly")
            .BindConfiguration(section));

        var schedules = harness.Scheduler.Schedules;
        harness.Scheduler.Validate();

        schedules.Select(s => (s.Job, s.Cron, s.TimeZone, s.Parameters, s.Misfire)).Should().Equal(
            ("tock", "@hourly", null, null, MisfirePolicy.FireOnceNow),
            ("tick", "*/10 * * * *", "Europe/Berlin", "region=eu&count:long=5", MisfirePolicy.Skip),
            ("tock", "0 0 3 * * *", null, null, MisfirePolicy.FireOnceNow));
    }

    [Test]
    public async Task Configured_schedules_run_with_their_parameters()
    {
        var section = Configuration(("Batch:Schedules:0:Job", "tick"), ("Batch:Schedules:0:Cron", "*/10 * * * *"), ("Batch:Schedules:0:Parameters", "region=eu"))
            .GetSection("Batch");
        await using var harness = new SchedulerHarness(Start, batch => batch.AddJob(SchedulerHarness.Job("tick")).BindConfiguration(section));

        harness.Start();
        await harness.UntilWaitingForAsync(new DateTimeOffset(2026, 12, 2, 10, 10, 0, TimeSpan.Zero));
        harness.Clock.Advance(TimeSpan.FromMinutes(7));
        await harness.UntilHandledAsync(new DateTimeOffset(2026, 12, 2, 10, 10, 0, TimeSpan.Zero));

        var execution = (await harness.ExecutionsAsync("tick")).Should().ContainSingle().Subject;
        execution.JobParameters.GetString("region").Should().Be("eu");
        execution.JobParameters.GetLong("run.id").Should().Be(1);
    }

    [Test]
    public async Task An_unknown_job_a_bad_cron_an_unknown_time_zone_and_malformed_parameters_fail_the_start_naming_the_entry_and_field()
    {
        await using var harness = new SchedulerHarness(Start, batch => batch
            .AddJob(SchedulerHarness.Job("tick"))
            .Schedule("tick", "*/10 * * * *")
            .Schedule("tikc", "*/10 * * * *")
            .Schedule("tick", "*/10 * *")
            .Schedule("tick", "61 * * * *")
            .Schedule("tick", "0 3 * * *", timeZone: "Mars/Olympus")
            .Schedule("tick", "0 3 * * *", parameters: "count:long=abc"));

        var run = () => harness.Scheduler.RunAsync(CancellationToken.None);

        var failures = (await run.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.ToList();
        failures.Should().HaveCount(5);
        failures.Should().ContainMatch("Schedule 1 (added in code) of job 'tikc': Job 'tikc' is not a registered job; the registered jobs are tick.");
        failures.Should().ContainMatch("Schedule 2 (added in code) of job 'tick': Cron '*/10 * *' has 3 fields: write 5 fields (minute hour*");
        failures.Should().ContainMatch("Schedule 3 (added in code) of job 'tick': Cron '61 * * * *' is not a cron expression (*): write 5 fields*");
        failures.Should().ContainMatch("Schedule 4 (added in code) of job 'tick': TimeZone 'Mars/Olympus' is not a time zone this system knows*'Europe/Berlin'*");
        failures.Should().ContainMatch("Schedule 5 (added in code) of job 'tick': Parameters 'count:long=abc' cannot be read: *abc*");
        harness.Lines.Should().BeEmpty("nothing ran");
        (await harness.ExecutionsAsync("tick")).Should().BeEmpty();
    }

    [Test]
    public async Task A_bad_configured_schedule_fails_the_start_of_a_host_with_the_hosted_scheduler_with_its_configuration_path()
    {
        var configuration = Configuration(
            ("Batch:Schedules:0:Job", "tick"), ("Batch:Schedules:0:Cron", "*/10 * * * *"),
            ("Batch:Schedules:1:Job", "tick"), ("Batch:Schedules:1:Crom", "*/10 * * * *"), ("Batch:Schedules:1:Misfire", "sometimes"),
            ("Batch:Schedules:2:Job", "nope"), ("Batch:Schedules:2:Cron", "0 3 * * *"), ("Batch:Schedules:2:TimeZone", "Europe/Atlantis"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.AddJob(SchedulerHarness.Job("tick")).BindConfiguration(configuration.GetSection("Batch")).AddHostedScheduler());
        using var host = builder.Build();

        var start = () => host.StartAsync();

        var failures = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.ToList();
        failures.Should().ContainMatch("'Batch:Schedules:1:Crom' is not a schedule setting: an entry has Job, Cron, TimeZone, Parameters, Misfire.");
        failures.Should().ContainMatch("'Batch:Schedules:1:Misfire' is 'sometimes': write 'FireOnceNow'*or 'Skip'.");
        failures.Should().ContainMatch("Schedule Batch:Schedules:1 of job 'tick': Cron is missing*");
        failures.Should().ContainMatch("Schedule Batch:Schedules:2 of job 'nope': Job 'nope' is not a registered job*");
        failures.Should().ContainMatch("Schedule Batch:Schedules:2 of job 'nope': TimeZone 'Europe/Atlantis' is not a time zone*");
        failures.Should().HaveCount(5);
    }

    [Test]
    public async Task A_bad_schedule_does_not_keep_a_host_without_the_hosted_scheduler_from_starting_and_the_scheduler_refuses_it()
    {
        var configuration = Configuration(("Batch:Schedules:0:Job", "tick"), ("Batch:Schedules:0:Cron", "*/10 * *"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.AddJob(SchedulerHarness.Job("tick")).BindConfiguration(configuration.GetSection("Batch")));
        using var host = builder.Build();

        await host.StartAsync(); // the operator's stop, fail and show run in such a host: a cron typo must not block them
        var next = () => host.Services.GetRequiredService<JobScheduler>().NextOccurrences();

        next.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle()
            .Which.Should().StartWith("Schedule Batch:Schedules:0 of job 'tick': Cron '*/10 * *' has 3 fields");
        await host.StopAsync();
    }

    [Test]
    public async Task An_application_without_schedules_starts_and_does_not_build_its_jobs_for_the_check()
    {
        var built = 0;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.AddJob(_ =>
        {
            Interlocked.Increment(ref built);
            return SchedulerHarness.Job("tick");
        }));
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        built.Should().Be(0);
    }

    [Test]
    public async Task The_hosted_scheduler_runs_the_schedules_while_the_host_is_up()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(clock).AddBatch(batch => batch
            .AddJob(SchedulerHarness.Job("tick"))
            .Schedule("tick", "*/10 * * * *")
            .AddHostedScheduler());
        using var host = builder.Build();
        var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = host.Services.GetRequiredService<JobScheduler>();
        scheduler.Waiting = (_, occurrence) => armed.TrySetResult();
        scheduler.Handled = (_, occurrence) => handled.TrySetResult();

        await host.StartAsync();
        await armed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        clock.Advance(TimeSpan.FromMinutes(7));
        await handled.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();

        var explorer = host.Services.GetRequiredService<IJobExplorer>();
        var instances = await explorer.GetJobInstancesAsync("tick", 0, 10, CancellationToken.None);
        instances.Should().ContainSingle();
        (await explorer.GetLastJobExecutionAsync(instances[0], CancellationToken.None))!.Status.Should().Be(BatchStatus.Completed);
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
