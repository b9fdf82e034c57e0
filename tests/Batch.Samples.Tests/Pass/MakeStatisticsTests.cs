using Batch.Hosting;
using Microsoft.EntityFrameworkCore;
using static Batch.Samples.Tests.Pass.PassTestData;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// make-statistics on <see cref="PassTestData"/>: the hourly rows and the two report files for a known range; a rerun of the range gives
/// the same rows and files; a run failed in the middle and restarted counts each booking once; a bad range is refused.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class MakeStatisticsTests(PassBackend backend) : PassHostFixture(backend)
{
    private const string From = "from:date=2026-11-27";
    private const string To = "to:date=2026-12-01";

    private static readonly (DateTime Hour, int All, int Attended, int Cancelled)[] ExpectedHours =
    [
        (At(11, 27, 11), 1, 0, 1),
        (At(11, 28, 11), 1, 0, 0),
        (At(11, 29, 11), 1, 1, 0),
        (At(11, 30, 11), 1, 1, 0),
        (At(12, 1, 8), 1, 1, 0),
        (At(12, 1, 9), 1, 1, 0),
        (At(12, 1, 10), 1, 1, 0),
        (At(12, 1, 11), 1, 1, 0),
        (At(12, 1, 12), 4, 0, 1),
        (At(12, 1, 13), 1, 0, 0),
    ];

    private const string ExpectedDaily =
        "day,all,attended,cancelled\n2026-11-27,1,0,1\n2026-11-28,1,0,0\n2026-11-29,1,1,0\n2026-11-30,1,1,0\n2026-12-01,9,4,1\ntotal,13,6,2\n";

    private const string ExpectedWeekly =
        "week,all,attended,cancelled\n2026-11-23,3,1,1\n2026-11-30,10,5,1\ntotal,13,6,2\n";

    private DirectoryInfo _reports = null!;

    private string Output => "-output=" + _reports.FullName;

    [SetUp]
    public async Task FillTables()
    {
        await InsertAsync(Database);
        _reports = Directory.CreateTempSubdirectory("pass-reports-");
    }

    [TearDown]
    public void RemoveReports() => _reports.Delete(recursive: true);

    [Test]
    public async Task Make_statistics_counts_the_bookings_of_each_hour_and_writes_the_daily_and_weekly_reports()
    {
        await RunCompleted("run", "make-statistics", From, To, Output);

        (await HoursAsync()).Should().Equal(ExpectedHours);
        (await File.ReadAllTextAsync(Report("daily"))).Should().Be(ExpectedDaily);
        (await File.ReadAllTextAsync(Report("weekly"))).Should().Be(ExpectedWeekly);
        Out.ToString().Should().Contain("step 'aggregate' COMPLETED: read 13, written 13");
    }

    [Test]
    public async Task Make_statistics_run_again_for_the_same_range_gives_the_same_rows_and_files()
    {
        await RunCompleted("run", "make-statistics", From, To, Output);

        await RunCompleted("run", "make-statistics", From, To, Output, "run.id:long=2");

        (await HoursAsync()).Should().Equal(ExpectedHours);
        (await File.ReadAllTextAsync(Report("daily"))).Should().Be(ExpectedDaily);
        (await File.ReadAllTextAsync(Report("weekly"))).Should().Be(ExpectedWeekly);
    }

    [Test]
    public async Task Make_statistics_of_a_shorter_range_replaces_only_the_hours_of_that_range()
    {
        await RunCompleted("run", "make-statistics", From, To, Output);

        await RunCompleted("run", "make-statistics", "from:date=2026-11-30", "to:date=2026-11-30", Output);

        (await HoursAsync()).Should().Equal(ExpectedHours);
        (await File.ReadAllTextAsync(Path.Combine(_reports.FullName, "statistics-daily-20261130-20261130.csv")))
            .Should().Be("day,all,attended,cancelled\n2026-11-30,1,1,0\ntotal,1,1,0\n");
    }

    [Test]
    public async Task Make_statistics_failed_in_the_middle_and_restarted_counts_each_booking_once()
    {
        (await Run("run", "make-statistics", From, To, Output, "-chunkSize:long=3", "-failAt:long=7")).Should().Be(BatchExitCodes.Failed, Printed);

        (await HoursAsync()).Sum(h => h.All).Should().Be(6, "two chunks of three bookings were committed");
        File.Exists(Report("daily")).Should().BeFalse("the reports come after the aggregation");
        await RunCompleted("run", "make-statistics", From, To, Output, "-chunkSize:long=3");

        (await HoursAsync()).Should().Equal(ExpectedHours);
        (await File.ReadAllTextAsync(Report("daily"))).Should().Be(ExpectedDaily);
        (await File.ReadAllTextAsync(Report("weekly"))).Should().Be(ExpectedWeekly);
        Out.ToString().Should().Contain("step 'aggregate' COMPLETED: read 13, written 13", "a restart recomputes the range from the start");
    }

    [Test]
    public async Task Make_statistics_restarted_after_another_run_recomputed_the_range_still_counts_each_booking_once()
    {
        (await Run("run", "make-statistics", From, To, Output, "-chunkSize:long=3", "-failAt:long=7")).Should().Be(BatchExitCodes.Failed, Printed);
        await RunCompleted("run", "make-statistics", From, To, Output, "run.id:long=2");

        await RunCompleted("run", "make-statistics", From, To, Output, "-chunkSize:long=3");

        (await HoursAsync()).Should().Equal(ExpectedHours);
        (await File.ReadAllTextAsync(Report("daily"))).Should().Be(ExpectedDaily);
    }

    [Test]
    public async Task Make_statistics_reads_in_class_time_order_so_a_failed_run_leaves_exactly_the_earliest_hours_counted()
    {
        // In class-time order the bookings are 5, 4, 3 | 2, 8, 1 | 7, …: the chunk of booking 7 fails, the two before it committed.
        (await Run("run", "make-statistics", From, To, Output, "-chunkSize:long=3", "-failAt:long=7")).Should().Be(BatchExitCodes.Failed, Printed);

        (await HoursAsync()).Should().Equal(ExpectedHours.Take(6), "each committed chunk holds the bookings of neighbouring hours");
        await RunCompleted("run", "make-statistics", From, To, Output, "-chunkSize:long=3");

        (await HoursAsync()).Should().Equal(ExpectedHours, "the restart recomputed the range: the same rows as one clean run");
    }

    [Test]
    public async Task Make_statistics_pages_between_two_bookings_of_the_same_class_time_without_losing_either()
    {
        // Bookings 10 and 13 start at the same time, 9th and 10th in class-time order: a page of 9 ends between them.
        await RunCompleted("run", "make-statistics", From, To, Output, "-chunkSize:long=9");

        (await HoursAsync()).Should().Equal(ExpectedHours);
        Out.ToString().Should().Contain("step 'aggregate' COMPLETED: read 13, written 13");
    }

    [TestCase("from:date=2026-12-02", "to:date=2026-12-01", "'from' is 2026-12-02, after 'to' (2026-12-01)")]
    [TestCase("from:date=2025-01-01", "to:date=2026-12-01", "more than 366 days")]
    [TestCase("from:date=2026-12-01", "to=tomorrow", "'to' must be a date")]
    public async Task Make_statistics_refuses_a_bad_range_before_an_instance_exists(string from, string to, string message)
    {
        (await Run("run", "make-statistics", from, to, Output)).Should().Be(BatchExitCodes.UsageError, Printed);

        Err.ToString().Should().Contain(message);
    }

    [Test]
    public async Task Make_statistics_without_a_range_names_the_missing_parameter()
    {
        (await Run("run", "make-statistics", To)).Should().Be(BatchExitCodes.UsageError, Printed);

        Err.ToString().Should().Contain("from");
    }

    private static DateTime At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    private string Report(string kind) => Path.Combine(_reports.FullName, $"statistics-{kind}-20261127-20261201.csv");

    private async Task<List<(DateTime Hour, int All, int Attended, int Cancelled)>> HoursAsync()
    {
        await using var db = Database.CreateContext();
        return [.. (await db.Statistics.AsNoTracking().OrderBy(s => s.Hour).ToListAsync()).Select(s => (s.Hour, s.AllCount, s.AttendedCount, s.CancelledCount))];
    }
}
