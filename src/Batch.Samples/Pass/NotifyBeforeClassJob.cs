using System.Globalization;
using Batch.Infrastructure.Database;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samples.Pass;

/// <summary>
/// <c>notify-before-class</c> (seed 003's 수업 전 알림 job). Collects into notifications, each in a chunk step that inserts them in the
/// chunk's transaction: the bookings whose class starts within the next 10 minutes (<c>collect</c>), and the active passes that end
/// within 3 days, with the sessions they have left (<c>collect-expiring</c>); a booking or pass that already has its notification does
/// not get a second one. Then sends every unsent notification with a multi-threaded chunk
/// step (<c>send</c>, <c>Threads(4)</c>, and <c>ProcessConcurrently(4)</c>: each chunk's sends are in flight four at a time) through
/// <see cref="INotificationSender"/>, and marks the chunk's notifications sent in its transaction: a sent notification is never read
/// again. A chunk that fails after some of its sends sends them again on restart, with the same idempotency key (the notification's id),
/// so the messaging service delivers each once.
/// </summary>
/// <remarks>
/// <c>collect</c> reads every booking of the window (a keyset over the bookings, nothing else in its query) and lets the unique index on
/// (event, booking) drop the ones already notified: its writer inserts with <c>ON CONFLICT … DO NOTHING</c> and counts what it ignored
/// (<c>collect.writer.ignoredDuplicates</c>; a run every minute re-reads the bookings of the classes already announced by the run before).
/// A <c>NOT EXISTS (… pass_notification …)</c> in the reader would make each page's plan depend on the statistics of the very table the
/// step fills, which are stale while it grows: PostgreSQL then hashes every notification so far for each page (160 ms a page half-way
/// through the benchmark's 37,576, against 0.9 ms once analyzed), where <c>ON CONFLICT</c> is always one index probe per row.
/// <c>collect-expiring</c> keeps its <c>NOT EXISTS</c>: its window is 3 days, so a run every minute would otherwise re-read every pass
/// ending within 3 days; it runs after <c>collect</c> and its pages have measured fast (0.4 s in the benchmark), but the same risk applies.
/// </remarks>
internal static class NotifyBeforeClassJob
{
    public const string Name = "notify-before-class";
    public const string CollectStep = "collect";
    public const string CollectExpiringStep = "collect-expiring";
    public const string SendStep = "send";
    public static readonly TimeSpan Lead = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ExpiryNotice = TimeSpan.FromDays(3);
    private const int ChunkSize = 100;
    private const int SendThreads = 4;
    private const int SendsPerChunk = 4;
    private static readonly string BeforeClass = PassText.ToUpperSnake(nameof(NotificationEvent.BeforeClass));

    public static IJob Create() =>
        new JobBuilder(Name)
            .Incrementer(new RunIdIncrementer())
            .Validator(PassJobParameters.Validator())
            .MaxLiveExecutions(1)
            .Start(PrepareTablesStep.Create())
            .Next(CollectClasses())
            .Next(CollectExpiring())
            .Next(Send())
            .Build();

    private static ChunkStep<ClassReminder, Notification> CollectClasses() =>
        new StepBuilder(CollectStep)
            .Chunk<ClassReminder, Notification>(ctx => PassJobParameters.ChunkSizeOf(ctx, ChunkSize))
            .Reader(ctx =>
            {
                var now = PassJobParameters.ResolveNow(ctx);
                var until = now + Lead;
                return PassReaders.Keyset(ctx, ChunkSize, "collect.reader", db =>
                    from b in db.Bookings
                    join m in db.Members on b.MemberId equals m.Id
                    where b.Status == BookingStatus.Ready && b.ClassStartsAt > now && b.ClassStartsAt <= until
                    select new ClassReminder { BookingId = b.Id, MemberId = m.Id, Phone = m.Phone, ClassStartsAt = b.ClassStartsAt }, r => r.BookingId);
            })
            .Processor(ctx => new ClassReminderProcessor(PassJobParameters.ResolveNow(ctx)))
            .Writer(ctx => new DbBatchItemWriter<Notification>(
                new DbBatchWriterOptions<Notification>
                {
                    Table = "pass_notification",
                    Columns = ["event", "member_id", "booking_id", "phone", "text", "sent"],
                    KeyColumns = ["event", "booking_id"],          // the unique index: one reminder per class booking
                    OnDuplicateKey = DuplicateKeyMode.Ignore,       // INSERT … ON CONFLICT (event, booking_id) DO NOTHING, counted
                    IgnoredDuplicatesLogLevel = LogLevel.Information, // expected: every run sees the classes the last one announced
                    Binder = (n, p) =>
                    {
                        p[0].Value = BeforeClass;
                        p[1].Value = n.MemberId;
                        p[2].Value = n.BookingId;
                        p[3].Value = n.Phone;
                        p[4].Value = n.Text;
                        p[5].Value = false;
                    },
                    Name = "collect.writer",
                },
                ctx.LoggerFactory))
            .Build();

    private static ChunkStep<ExpiryReminder, Notification> CollectExpiring() =>
        new StepBuilder(CollectExpiringStep)
            .Chunk<ExpiryReminder, Notification>(ctx => PassJobParameters.ChunkSizeOf(ctx, ChunkSize))
            .Reader(ctx =>
            {
                var now = PassJobParameters.ResolveNow(ctx);
                var until = now + ExpiryNotice;
                return PassReaders.Keyset(ctx, ChunkSize, "collect-expiring.reader", db =>
                    from p in db.Passes
                    join m in db.Members on p.MemberId equals m.Id
                    where p.Status == PassStatus.Active && p.EndsAt > now && p.EndsAt <= until && (p.RemainingSessions == null || p.RemainingSessions > 0)
                        && !db.Notifications.Any(n => n.Event == NotificationEvent.BeforeExpiry && n.PassId == p.Id)
                    select new ExpiryReminder { PassId = p.Id, MemberId = m.Id, Phone = m.Phone, EndsAt = p.EndsAt, RemainingSessions = p.RemainingSessions }, r => r.PassId);
            })
            .Processor((r, _) => new(new ItemResult<Notification>(new Notification
            {
                Event = NotificationEvent.BeforeExpiry,
                MemberId = r.MemberId,
                PassId = r.PassId,
                Phone = r.Phone,
                Text = r.RemainingSessions is { } left
                    ? string.Create(CultureInfo.InvariantCulture, $"Your pass ends on {r.EndsAt:yyyy-MM-dd HH:mm} UTC with {left} session{(left == 1 ? string.Empty : "s")} left.")
                    : string.Create(CultureInfo.InvariantCulture, $"Your pass ends on {r.EndsAt:yyyy-MM-dd HH:mm} UTC."),
            })))
            .Writer(ctx => new EntityFrameworkItemWriter<Notification>(ctx.Services.GetRequiredService<PassDatabase>().CreateChunkContext))
            .Build();

    private static ChunkStep<Notification, Notification> Send() =>
        new StepBuilder(SendStep)
            .Chunk<Notification, Notification>(ctx => PassJobParameters.ChunkSizeOf(ctx, ChunkSize))
            .Reader(ctx =>
            {
                return PassReaders.Keyset(ctx, ChunkSize, "send.reader", db => db.Notifications.Where(n => !n.Sent), n => n.Id);
            })
            .Processor(ctx => new SendNotificationProcessor(ctx.Services.GetRequiredService<INotificationSender>(), PassJobParameters.FailAtId(ctx.JobParameters)))
            .Writer(ctx =>
            {
                var now = PassJobParameters.ResolveNow(ctx);
                return new EntityFrameworkItemWriter<Notification>(
                    ctx.Services.GetRequiredService<PassDatabase>().CreateChunkContext,
                    (db, chunk, ct) => MarkSentAsync((PassDbContext)db, chunk, now, ct));
            })
            .Threads(SendThreads)
            .ProcessConcurrently(SendsPerChunk)
            .Build();

    private static Task<int> MarkSentAsync(PassDbContext db, Chunk<Notification> chunk, DateTime now, CancellationToken cancellationToken)
    {
        var ids = new long[chunk.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = chunk[i].Id;
        }

        return db.Notifications
            .Where(n => ids.Contains(n.Id) && !n.Sent)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Sent, true).SetProperty(n => n.SentAt, now), cancellationToken);
    }
}
