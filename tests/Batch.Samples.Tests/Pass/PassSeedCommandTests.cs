using System.Text.RegularExpressions;
using Batch.Hosting;
using Microsoft.EntityFrameworkCore;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>The <c>seed</c> command: a deterministic data set, refused twice unless <c>--reset</c>, on which every pass job has work.</summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public partial class PassSeedCommandTests(PassBackend backend) : PassHostFixture(backend)
{
    private FakeMessagingService? _messaging;

    private const string Anchor = "now:datetime=2026-12-01T00:00:00Z";

    [TearDown]
    public async Task StopMessaging()
    {
        if (_messaging is not null)
        {
            await _messaging.DisposeAsync();
            _messaging = null;
        }
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        _messaging = FakeMessagingService.Start();
        return [KeyValuePair.Create<string, string?>(HttpNotificationSender.UrlKey, _messaging.Url)];
    }

    [Test]
    public async Task Seed_fills_the_tables_and_refuses_a_second_seed_which_changes_nothing()
    {
        await RunCompleted("seed", "--members", "300");
        var seeded = await PassTestData.ReadAsync(Database);

        (await Run("seed", "--members", "300")).Should().Be(BatchExitCodes.Refused, Printed);

        Err.ToString().Should().Contain("already hold members").And.Contain("seed --reset");
        (await PassTestData.ReadAsync(Database)).Should().BeEquivalentTo(seeded, o => o.WithStrictOrdering());
        await using var db = Database.CreateContext();
        (await db.Members.CountAsync()).Should().Be(300);
        seeded.Passes.Should().HaveCountGreaterThan(300);
        seeded.Bookings.Should().HaveCountGreaterThan(300);
    }

    [Test]
    public async Task Seed_with_reset_after_the_jobs_ran_gives_back_the_same_rows_with_the_same_ids()
    {
        await RunCompleted("seed", "--members", "300");
        var seeded = await PassTestData.ReadAsync(Database);
        await RunCompleted("run", "use-passes", Anchor);
        await RunCompleted("run", "expire-passes", Anchor);

        await RunCompleted("seed", "--members", "300", "--reset");

        (await PassTestData.ReadAsync(Database)).Should().BeEquivalentTo(seeded, o => o.WithStrictOrdering(), "the data set depends on its arguments only");
    }

    [Test]
    public async Task Every_pass_job_has_work_on_the_seeded_data()
    {
        await RunCompleted("seed", "--members", "300");
        var seeded = await PassTestData.ReadAsync(Database);

        await RunCompleted("run", "use-passes", Anchor);
        Written("use").Should().Be(seeded.Bookings.Count(b => b is { Status: BookingStatus.Completed, Attended: true, UsedPass: false }));
        await RunCompleted("run", "expire-passes", Anchor);
        Written("expire").Should().BeGreaterThan(0);
        await RunCompleted("run", "add-passes", Anchor);
        await RunCompleted("run", "notify-before-class", Anchor);
        Written("collect").Should().Be(seeded.Bookings.Count(b => b.Status == BookingStatus.Ready && b.ClassStartsAt == new DateTime(2026, 12, 1, 0, 5, 0, DateTimeKind.Utc)))
            .And.BeGreaterThan(0);
        Written("collect-expiring").Should().BeGreaterThan(0);
        _messaging!.Accepted.Select(m => m.Id).Should().OnlyHaveUniqueItems().And.HaveCount((int)(Written("collect") + Written("collect-expiring")));

        var after = await PassTestData.ReadAsync(Database);
        after.BulkPasses.Select(b => (b.Status, b.IssuedCount)).Should().Equal(
            (BulkPassStatus.Completed, 100), (BulkPassStatus.Ready, 0), (BulkPassStatus.Completed, 30));
        after.Passes.Count(p => p.BulkPassId == 1).Should().Be(100, "every third member is in the Pilates opening group");
        after.Passes.Where(p => p.Status == PassStatus.Active).Should().OnlyContain(p => p.EndsAt > new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) && p.RemainingSessions != 0);
    }

    [TestCase("0", "--members is 0")]
    [TestCase("10000001", "--members is 10000001")]
    public async Task Seed_refuses_a_member_count_out_of_range_naming_the_option(string members, string message)
    {
        (await Run("seed", "--members", members)).Should().Be(BatchExitCodes.UsageError, Printed);

        Err.ToString().Should().Contain(message);
    }

    private long Written(string step) =>
        long.Parse(StepLine().Matches(Out.ToString()).Last(m => m.Groups[1].Value == step).Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"step '([a-z-]+)' COMPLETED: read \d+, written (\d+)")]
    private static partial Regex StepLine();
}
