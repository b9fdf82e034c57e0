using Batch.Infrastructure.Database;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Pass;

/// <summary>
/// <c>use-passes</c> (seed 003's 수업 종료 후 이용권 차감 job): one chunk step with the asynchronous processor. Each attended booking of a
/// class that has ended, whose session was not taken yet, takes one session off its pass (never below 0; a pass of unlimited use
/// keeps null); the booking is flagged <see cref="Booking.UsedPass"/> in the same statement batch, in the chunk's transaction, so a
/// session is never taken twice for a booking — not on a rerun, not on a restart after a crash.
/// </summary>
internal static class UsePassesJob
{
    public const string Name = "use-passes";
    public const string StepName = "use";
    private const int ChunkSize = 500;
    private const int Concurrency = 8;

    public static IJob Create() =>
        new JobBuilder(Name)
            .Incrementer(new RunIdIncrementer())
            .Validator(PassJobParameters.Validator())
            .MaxLiveExecutions(1)
            .Start(PrepareTablesStep.Create())
            .Next(new StepBuilder(StepName)
                .Chunk<Booking, PassUse>(ctx => PassJobParameters.ChunkSizeOf(ctx, ChunkSize))
                .Reader(ctx =>
                {
                    var now = PassJobParameters.ResolveNow(ctx);
                    return PassReaders.Keyset(ctx, ChunkSize, "use.reader",
                        db => db.Bookings.Where(b => b.Status == BookingStatus.Completed && b.Attended && !b.UsedPass && b.ClassEndsAt <= now), b => b.Id);
                })
                .Processor(ctx => new UsePassProcessor(PassJobParameters.FailAtId(ctx.JobParameters)))
                .Writer(ctx => new EntityFrameworkItemWriter<PassUse>(
                    ctx.Services.GetRequiredService<PassDatabase>().CreateChunkContext,
                    (db, chunk, ct) => UseAsync((PassDbContext)db, chunk, ct)))
                .ProcessConcurrently(Concurrency)
                .Build())
            .Build();

    /// <summary>
    /// Flags the chunk's bookings (only those not flagged yet: if another writer got one first, the chunk fails and rolls back), then
    /// takes the sessions off their passes, one UPDATE per distinct number of sessions per pass in the chunk (usually one).
    /// </summary>
    private static async Task UseAsync(PassDbContext db, Chunk<PassUse> chunk, CancellationToken cancellationToken)
    {
        var bookingIds = new long[chunk.Count];
        var perPass = new Dictionary<long, int>();
        for (var i = 0; i < chunk.Count; i++)
        {
            bookingIds[i] = chunk[i].BookingId;
            perPass[chunk[i].PassId] = perPass.GetValueOrDefault(chunk[i].PassId) + 1;
        }

        var flagged = await db.Bookings
            .Where(b => bookingIds.Contains(b.Id) && !b.UsedPass)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.UsedPass, true), cancellationToken);
        if (flagged != bookingIds.Length)
        {
            throw new InvalidOperationException(
                $"{bookingIds.Length - flagged} of the {bookingIds.Length} bookings of this chunk had their session taken meanwhile by another run; " +
                "the chunk is rolled back. Run the job again: it reads only the bookings still to do.");
        }

        foreach (var group in perPass.GroupBy(p => p.Value, p => p.Key))
        {
            var sessions = group.Key;
            var passIds = group.ToArray();
            await db.Passes
                .Where(p => passIds.Contains(p.Id) && p.RemainingSessions != null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.RemainingSessions, p => p.RemainingSessions > sessions ? p.RemainingSessions - sessions : 0), cancellationToken);
        }
    }
}
