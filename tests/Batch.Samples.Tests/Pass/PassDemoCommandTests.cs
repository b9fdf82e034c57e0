using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Batch.Hosting;
using Microsoft.EntityFrameworkCore;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// <c>pass-demo</c>, the README's first command, run twice in-process on an empty database: the first run seeds and runs the five jobs,
/// printing exactly the changes the seeded data set calls for (worked out here from <see cref="PassDataSet"/> itself, not from the jobs);
/// the second run changes nothing and says so.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class PassDemoCommandTests(PassBackend backend) : PassHostFixture(backend)
{
    private const int Members = 300;
    private static readonly DateTime Now = PassDataSet.DefaultAnchor;
    private DirectoryInfo _output = null!;

    [SetUp]
    public void CreateOutput() => _output = Directory.CreateTempSubdirectory("pass-demo-");

    [TearDown]
    public void RemoveOutput() => _output.Delete(recursive: true);

    [Test]
    public async Task Pass_demo_seeds_an_empty_database_runs_the_five_jobs_and_a_second_run_changes_nothing()
    {
        var expected = Expected.From(PassDataSet.Create(Members, Now));

        await RunCompleted("pass-demo", "--members", Members.ToString(CultureInfo.InvariantCulture), "--output", _output.FullName);

        var first = Out.ToString();
        first.Should().Contain($"Seeded {Members} members").And.Contain("stand-in messaging service at http://127.0.0.1:");
        foreach (var job in PassSample.JobNames)
        {
            first.Should().MatchRegex($@"(?m)^{Regex.Escape(job)}: execution \d+ \(instance \d+\), COMPLETED$");
        }

        Count(first, "bookings charged (a session taken)").Should().Be(expected.Charged);
        Count(first, "sessions taken off passes").Should().Be(expected.SessionsTaken);
        Count(first, "passes expired").Should().Be(expected.Expired);
        Count(first, "bulk passes issued").Should().Be(1);
        Count(first, "passes issued").Should().Be(expected.Issued);
        Count(first, "notifications collected").Should().Be(expected.Notifications);
        Count(first, "notifications sent").Should().Be(expected.Notifications);
        Count(first, "messages the stand-in messaging service received").Should().Be(expected.Notifications);
        Count(first, "bookings counted").Should().Be(expected.Counted);
        first.Should().Contain("(new content)").And.Contain("rows and files changed in all");
        expected.Notifications.Should().BeGreaterThan(0, "the data set has classes starting right after now");

        var messages = (await File.ReadAllLinesAsync(Path.Combine(_output.FullName, PassDemo.MessagesFile))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        messages.Select(m => m.GetProperty("key").GetString()).Should().OnlyHaveUniqueItems().And.HaveCount((int)expected.Notifications);
        var daily = Path.Combine(_output.FullName, "statistics-daily-20261110-20261130.csv");
        var weekly = Path.Combine(_output.FullName, "statistics-weekly-20261110-20261130.csv");
        (await File.ReadAllLinesAsync(daily))[^1].Should().StartWith($"total,{expected.Counted},");
        (await File.ReadAllLinesAsync(weekly))[^1].Should().StartWith($"total,{expected.Counted},");
        var once = await PassTestData.ReadAsync(Database);
        var reports = (await File.ReadAllTextAsync(daily), await File.ReadAllTextAsync(weekly));

        await RunCompleted("pass-demo", "--members", Members.ToString(CultureInfo.InvariantCulture), "--output", _output.FullName);

        var second = Out.ToString()[first.Length..];
        second.Should().Contain($"The pass tables already hold {Members} members").And.NotContain("Seeded");
        foreach (var change in new[] { "bookings charged (a session taken)", "sessions taken off passes", "passes expired", "bulk passes issued", "passes issued",
            "notifications collected", "notifications sent", "messages the stand-in messaging service received" })
        {
            Count(second, change).Should().Be(0, change);
        }

        second.Should().MatchRegex(@"hourly statistics rows changed \(2026-11-10 to 2026-11-30\): 0\n");
        Count(second, "bookings counted").Should().Be(expected.Counted, "make-statistics recomputes its range");
        second.Should().Contain("(the same content as before)").And.NotContain("(new content)").And.Contain("Nothing changed");
        (await PassTestData.ReadAsync(Database)).Should().BeEquivalentTo(once, o => o.WithStrictOrdering());
        (await File.ReadAllTextAsync(daily), await File.ReadAllTextAsync(weekly)).Should().Be(reports);
        (await File.ReadAllLinesAsync(Path.Combine(_output.FullName, PassDemo.MessagesFile))).Should().BeEmpty("nothing was sent again");
    }

    [Test]
    public async Task Pass_demo_with_json_writes_one_document_with_each_jobs_steps_and_changes()
    {
        await RunCompleted("pass-demo", "--members", "50", "--output", _output.FullName, "--json");

        using var document = JsonDocument.Parse(Out.ToString());
        var root = document.RootElement;
        root.GetProperty("completed").GetBoolean().Should().BeTrue();
        root.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job").GetString()).Should().Equal(
            UsePassesJob.Name, ExpirePassesJob.Name, AddPassesJob.Name, NotifyBeforeClassJob.Name, MakeStatisticsJob.Name);
        root.GetProperty("jobs").EnumerateArray().Should().OnlyContain(j => j.GetProperty("status").GetString() == "COMPLETED");
        root.GetProperty("seeded").GetProperty("members").GetInt32().Should().Be(50);
        root.GetProperty("changed").GetInt64().Should().BeGreaterThan(0);
    }

    [Test]
    public async Task Pass_demo_refuses_a_bad_time_before_it_seeds_anything()
    {
        (await Run("pass-demo", "--now", "yesterday", "--output", _output.FullName)).Should().Be(BatchExitCodes.UsageError, Printed);

        Err.ToString().Should().Contain("--now is 'yesterday', which is not a time");
        await using var db = Database.CreateContext();
        (await db.Database.SqlQueryRaw<long>(Backend == PassBackend.Postgres
            ? "SELECT COUNT(*) AS \"Value\" FROM information_schema.tables WHERE table_name = 'pass_member'"
            : "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'pass_member'").SingleAsync()).Should().Be(0);
    }

    private static long Count(string printed, string what)
    {
        var match = Regex.Match(printed, $@"(?m)^  {Regex.Escape(what)}: (-?\d+)$");
        match.Success.Should().BeTrue($"the summary has a line '{what}: n':\n{printed}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>What the five jobs must change in a freshly seeded data set at <see cref="Now"/>, worked out from the rows themselves.</summary>
    private sealed record Expected(long Charged, long SessionsTaken, long Expired, long Issued, long Notifications, long Counted)
    {
        public static Expected From(PassDataSet set)
        {
            var passes = set.Passes.Select(p => p.Pass).ToList();
            var remaining = passes.Select(p => p.RemainingSessions).ToArray();
            var charged = set.Bookings.Where(b => b.Booking is { Status: BookingStatus.Completed, Attended: true, UsedPass: false } && b.Booking.ClassEndsAt <= Now).ToList();
            long taken = 0;
            foreach (var (_, pass) in charged)
            {
                if (remaining[pass] is > 0)
                {
                    remaining[pass]--;
                    taken++;
                }
            }

            var expired = Enumerable.Range(0, passes.Count).Where(i => passes[i].Status == PassStatus.Active && (passes[i].EndsAt <= Now || remaining[i] <= 0)).ToHashSet();
            var issued = set.Memberships.Count(m => m.Group == 1);
            var reminders = set.Bookings.Count(b => b.Booking.Status == BookingStatus.Ready && b.Booking.ClassStartsAt > Now && b.Booking.ClassStartsAt <= Now.AddMinutes(10));
            var expiring = Enumerable.Range(0, passes.Count).Count(i => passes[i].Status == PassStatus.Active && !expired.Contains(i)
                && passes[i].EndsAt > Now && passes[i].EndsAt <= Now.AddDays(3) && remaining[i] is null or > 0);
            var (from, to) = (Now.AddDays(-21), Now);
            var counted = set.Bookings.Count(b => b.Booking.ClassStartsAt >= from && b.Booking.ClassStartsAt < to);
            return new Expected(charged.Count, taken, expired.Count, issued, reminders + expiring, counted);
        }
    }
}
