using Batch.Hosting;
using Samples.Pass;
using static Batch.Samples.Tests.Pass.PassTestData;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// notify-before-class on <see cref="PassTestData"/>, sending to a <see cref="FakeMessagingService"/> over HTTP: the notifications it must
/// collect, each delivered once; a later run sends nothing again; a send refused in the middle and a restart deliver each once.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class NotifyBeforeClassTests(PassBackend backend) : PassHostFixture(backend)
{
    private FakeMessagingService? _messaging;

    private FakeMessagingService Messaging => _messaging!;

    [SetUp]
    public Task FillTables() => InsertAsync(Database);

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
    public async Task Notify_collects_the_classes_starting_within_ten_minutes_and_the_passes_ending_soon_and_delivers_each_once()
    {
        var before = await ReadAsync(Database);

        await RunCompleted("run", "notify-before-class", NowParameter);

        var after = await ReadAsync(Database);
        after.Notifications.Should().BeEquivalentTo(Expected(), o => o.WithStrictOrdering());
        after.Passes.Should().BeEquivalentTo(before.Passes, o => o.WithStrictOrdering());
        after.Bookings.Should().BeEquivalentTo(before.Bookings, o => o.WithStrictOrdering());
        Messaging.Received.Should().BeEquivalentTo(Expected().Select(n => Delivered(n)));
    }

    [Test]
    public async Task Notify_run_again_five_minutes_later_sends_nothing_again()
    {
        await RunCompleted("run", "notify-before-class", NowParameter);

        await RunCompleted("run", "notify-before-class", "now:datetime=2026-12-01T12:05:00Z");

        (await ReadAsync(Database)).Notifications.Should().BeEquivalentTo(Expected(), o => o.WithStrictOrdering());
        Messaging.Received.Should().HaveCount(4, "every notification was sent by the first run");
        Out.ToString().Should().Contain("step 'send' COMPLETED: read 0, written 0");
        Out.ToString().Should().Contain("collect.writer.ignoredDuplicates 1", "booking 11 was read again and its reminder's unique key ignored it");
    }

    [Test]
    public async Task Notify_with_a_send_refused_in_the_middle_keeps_the_chunk_before_and_the_restart_delivers_each_under_one_key()
    {
        Messaging.RefuseOnce(3);

        (await Run("run", "notify-before-class", NowParameter, "-chunkSize:long=2")).Should().Be(BatchExitCodes.Failed, Printed);

        var failed = await ReadAsync(Database);
        failed.Notifications.Where(n => n.Sent).Select(n => n.Id).Should().Equal(1, 2);
        Printed.Should().Contain("refused notification 3 with 500");
        await RunCompleted("run", "notify-before-class", NowParameter, "-chunkSize:long=2");

        (await ReadAsync(Database)).Notifications.Should().BeEquivalentTo(Expected(), o => o.WithStrictOrdering());
        Messaging.Accepted.DistinctBy(m => m.Key).Should().BeEquivalentTo(Expected().Select(n => Delivered(n)), "each notification is delivered");
        Messaging.Accepted.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeSubsetOf([4L],
            "only notification 4, sent beside 3 in the chunk that failed, can have been accepted before the restart sent it again (with the same key)");
        Messaging.Received.Where(m => !m.Accepted).Select(m => m.Id).Should().Equal(3);
        Out.ToString().Should().Contain("step 'send' COMPLETED: read 2, written 2");
    }

    /// <summary>The notifications of the data set at <see cref="PassTestData.Now"/>, sent.</summary>
    private static List<Notification> Expected() =>
    [
        Sent(1, NotificationEvent.BeforeClass, 1, booking: 10, pass: null, "Your class starts at 12:05 UTC, in 5 minutes. Please check in at the front desk."),
        Sent(2, NotificationEvent.BeforeClass, 5, booking: 11, pass: null, "Your class starts at 12:10 UTC, in 10 minutes. Please check in at the front desk."),
        Sent(3, NotificationEvent.BeforeExpiry, 5, booking: null, pass: 8, "Your pass ends on 2026-12-02 12:00 UTC with 1 session left."),
        Sent(4, NotificationEvent.BeforeExpiry, 4, booking: null, pass: 9, "Your pass ends on 2026-12-03 12:00 UTC."),
    ];

    private static Notification Sent(long id, NotificationEvent kind, long member, long? booking, long? pass, string text) => new()
    {
        Id = id,
        Event = kind,
        MemberId = member,
        BookingId = booking,
        PassId = pass,
        Phone = $"010-0000-000{member}",
        Text = text,
        Sent = true,
        SentAt = Now,
    };

    private static FakeMessagingService.Message Delivered(Notification n) => new($"notification-{n.Id}", n.Id, n.Phone, n.Text, Accepted: true);
}
