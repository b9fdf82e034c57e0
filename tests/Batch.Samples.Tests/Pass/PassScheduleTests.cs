using Batch.Launch;
using Batch.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Samples.Pass;
using static Batch.Samples.Tests.Pass.PassTestData;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// The pass jobs' schedules of the sample's appsettings.json (<c>Batch:Schedules</c>): they are read, name the five jobs, and fire on the
/// registered clock — a <see cref="FakeTimeProvider"/> here, moved by the test, never the wall clock: at 00:30 make-statistics runs for the
/// day before (<c>{fire.date-1}</c>), and add-passes issues what is due at the clock's time.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class PassScheduleTests(PassBackend backend) : PassHostFixture(backend)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 0, 29, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset HalfPastMidnight = new(2026, 12, 2, 0, 30, 0, TimeSpan.Zero);
    private FakeTimeProvider _clock = null!;
    private CapturedLines _schedule = null!;
    private FakeMessagingService? _messaging;
    private DirectoryInfo _reports = null!;

    [TearDown]
    public async Task StopMessaging()
    {
        _schedule.Dispose();
        _reports.Delete(recursive: true);
        if (_messaging is not null)
        {
            await _messaging.DisposeAsync();
            _messaging = null;
        }
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        _clock = new FakeTimeProvider(Start);   // a clock per test: the fixture's instance is shared by its tests
        _schedule = new CapturedLines(Batch.Model.BatchLogCategories.Schedule);
        services.AddSingleton<TimeProvider>(_clock).AddSingleton<ILoggerProvider>(_schedule);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        _messaging = FakeMessagingService.Start();
        _reports = Directory.CreateTempSubdirectory("pass-schedule-");
        return
        [
            KeyValuePair.Create<string, string?>(HttpNotificationSender.UrlKey, _messaging.Url),
            // The configured entry, with the reports in a folder of the test's own instead of ./reports.
            KeyValuePair.Create<string, string?>("Batch:Schedules:4:Parameters", $"from:date={{fire.date-1}}&to:date={{fire.date-1}}&-output={_reports.FullName}"),
        ];
    }

    [Test]
    public void The_configured_schedules_name_the_five_pass_jobs_and_can_be_read()
    {
        var scheduler = Services.GetRequiredService<JobScheduler>();

        scheduler.Validate();

        scheduler.Schedules.Select(s => (s.Job, s.Cron, s.Misfire)).Should().Equal(
            (ExpirePassesJob.Name, "5 0 * * *", MisfirePolicy.FireOnceNow),
            (AddPassesJob.Name, "*/5 * * * *", MisfirePolicy.FireOnceNow),
            (NotifyBeforeClassJob.Name, "* * * * *", MisfirePolicy.Skip),
            (UsePassesJob.Name, "55 * * * *", MisfirePolicy.FireOnceNow),
            (MakeStatisticsJob.Name, "30 0 * * *", MisfirePolicy.FireOnceNow));
        scheduler.Schedules.Select(s => s.Job).Should().BeEquivalentTo(PassSample.JobNames);
        scheduler.NextOccurrences().Select(e => e.Value).Should().Equal(
            At(3, 0, 5), At(2, 0, 30), At(2, 0, 30), At(2, 0, 55), At(2, 0, 30));
    }

    [Test]
    public void The_appsettings_entry_of_make_statistics_asks_for_the_day_before_each_run()
    {
        var configured = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))
            .RootElement.GetProperty("Batch").GetProperty("Schedules")[4];

        configured.GetProperty("Job").GetString().Should().Be(MakeStatisticsJob.Name);
        configured.GetProperty("Parameters").GetString().Should().Be("from:date={fire.date-1}&to:date={fire.date-1}&-output=reports");
    }

    [Test]
    public async Task At_half_past_midnight_make_statistics_runs_for_the_day_before_and_add_passes_issues_what_is_due()
    {
        await InsertAsync(Database);
        using var stop = new CancellationTokenSource();
        var run = Services.GetRequiredService<JobScheduler>().RunAsync(stop.Token);
        await _schedule.UntilAsync(lines => PassSample.JobNames.All(job => lines.Any(l => l.Contains($"of job '{job}'") && l.Contains("has never run"))),
            "every entry to have read its job's history and computed its first run");

        _clock.SetUtcNow(HalfPastMidnight);
        var explorer = Services.GetRequiredService<IJobExplorer>();
        var statistics = await EndedExecutionAsync(explorer, MakeStatisticsJob.Name);
        var added = await EndedExecutionAsync(explorer, AddPassesJob.Name);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        statistics.Status.Should().Be(BatchStatus.Completed, statistics.ExitStatus.ExitDescription);
        statistics.JobParameters.GetDate("from").Should().Be(new DateOnly(2026, 12, 1));
        statistics.JobParameters.GetDate("to").Should().Be(new DateOnly(2026, 12, 1));
        statistics.JobParameters["from"].Identifying.Should().BeTrue("each day is an instance of its own");
        (await File.ReadAllTextAsync(Path.Combine(_reports.FullName, "statistics-daily-20261201-20261201.csv")))
            .Should().Be("day,all,attended,cancelled\n2026-12-01,9,4,1\ntotal,9,4,1\n");
        added.Status.Should().Be(BatchStatus.Completed, added.ExitStatus.ExitDescription);
        added.JobParameters.ContainsKey("now").Should().BeFalse("a scheduled run acts at the clock's time");
        (await ReadAsync(Database)).BulkPasses.Select(b => (b.Id, b.Status)).Should().Equal(
            (1, BulkPassStatus.Completed), (2, BulkPassStatus.Completed), (3, BulkPassStatus.Ready), (4, BulkPassStatus.Completed));
        (await ReadAsync(Database)).BulkPasses.Where(b => b.Id <= 2).Should().OnlyContain(b => b.IssuedAt == HalfPastMidnight.UtcDateTime);
        _schedule.Lines.Should().Contain(l => l.Contains("firing for 2026-12-02 00:30:00 +00:00") && l.Contains("from:date=2026-12-01"));
        _schedule.Lines.Should().NotContain(l => l.Contains(ExpirePassesJob.Name) && l.Contains("firing"), "expire-passes runs at 00:05");
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 12, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>The job's single execution once it has ended (polled, a condition with a generous limit: the jobs run on the scheduler's threads).</summary>
    private static async Task<JobExecution> EndedExecutionAsync(IJobExplorer explorer, string job)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var instances = await explorer.GetJobInstancesAsync(job, 0, 10, CancellationToken.None);
            if (instances.Count > 0 && await explorer.GetLastJobExecutionAsync(instances[0], CancellationToken.None) is { IsRunning: false } execution)
            {
                instances.Should().ContainSingle($"the clock moved past one occurrence of {job}");
                return (await explorer.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
            }

            if (limit.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"{job} did not run to its end within 60 s.");
            }

            await Task.Delay(20);
        }
    }
}
