using Batch.Flows;
using Batch.Infrastructure.Database;
using Batch.Infrastructure.Repository;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Pass;

/// <summary>
/// <c>make-statistics from:date=… to:date=…</c> (seed 003's 통계 데이터 생성 job). <c>clear</c> deletes the range's hourly statistics;
/// <c>aggregate</c> (a chunk step) reads the bookings of classes starting in the range and adds each chunk's counts per hour — all,
/// attended, cancelled — to the statistics rows, in the chunk's transaction; then a split runs two tasklets in parallel that write the
/// daily and the weekly report (CSV) from those rows. Running the range again (<c>next</c>, or another <c>run.id</c>) recomputes the same
/// rows and files.
/// </summary>
/// <remarks>
/// A restart runs <c>clear</c> and <c>aggregate</c> again from the start (<c>AllowStartIfComplete</c>, a reader that keeps no position)
/// instead of resuming after the last committed chunk: another instance may have recomputed the range between the failure and the
/// restart, and counts added on top of its rows would be counted twice. Recomputing is exact whatever ran meanwhile.
/// </remarks>
internal static class MakeStatisticsJob
{
    public const string Name = "make-statistics";
    public const string ClearStep = "clear";
    public const string AggregateStep = "aggregate";
    private const int ChunkSize = 1000;

    public static IJob Create() =>
        new JobBuilder(Name)
            .Incrementer(new RunIdIncrementer())
            .Validator(new StatisticsParameters())
            .MaxLiveExecutions(1)
            .Flow(flow => flow
                .Start(PrepareTablesStep.Create())
                .Next(new StepBuilder(ClearStep).AllowStartIfComplete().Tasklet(ClearAsync).Build())
                .Next(Aggregate())
                .Next(Flow.Split("reports",
                    new FlowBuilder("daily").Start(new StepBuilder(StatisticsReport.DailyStep).Tasklet(_ => new StatisticsReport(weekly: false)).Build()).Build(),
                    new FlowBuilder("weekly").Start(new StepBuilder(StatisticsReport.WeeklyStep).Tasklet(_ => new StatisticsReport(weekly: true)).Build()).Build())))
            .Build();

    /// <summary>The first hour of the range and the hour after its last.</summary>
    public static (DateTime Start, DateTime End) HoursOf(Batch.Parameters.JobParameters parameters)
    {
        var (from, to) = StatisticsParameters.RangeOf(parameters);
        return (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }

    private static async ValueTask<RepeatStatus> ClearAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        var (start, end) = HoursOf(context.JobParameters);
        await using var db = context.Step.Services.GetRequiredService<PassDatabase>().CreateChunkContext();
        await db.Database.UseChunkTransactionAsync(context.Transaction, cancellationToken);
        await db.Statistics.Where(s => s.Hour >= start && s.Hour < end).ExecuteDeleteAsync(cancellationToken);
        return RepeatStatus.Finished;
    }

    private static ChunkStep<Booking, Booking> Aggregate() =>
        new StepBuilder(AggregateStep)
            .AllowStartIfComplete()
            .Chunk<Booking, Booking>(ctx => PassJobParameters.ChunkSizeOf(ctx, ChunkSize))
            .Reader(ctx =>
            {
                var (start, end) = HoursOf(ctx.JobParameters);
                return PassReaders.Keyset(ctx, ChunkSize, "aggregate.reader",
                    db => db.Bookings.Where(b => b.ClassStartsAt >= start && b.ClassStartsAt < end), b => b.Id, keepPosition: false);
            })
            .Processor(ctx => new FailAtProcessor<Booking>(PassJobParameters.FailAtId(ctx.JobParameters), b => b.Id, "booking"))
            .Writer(ctx => new EntityFrameworkItemWriter<Booking>(
                ctx.Services.GetRequiredService<PassDatabase>().CreateChunkContext,
                (db, chunk, ct) => AddCountsAsync((PassDbContext)db, chunk, ct)))
            .Build();

    /// <summary>Adds the chunk's counts to the rows of its hours (tracked, saved by the writer), creating the rows missing.</summary>
    private static async Task AddCountsAsync(PassDbContext db, Chunk<Booking> chunk, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<DateTime, HourlyStatistic>();
        for (var i = 0; i < chunk.Count; i++)
        {
            var booking = chunk[i];
            var start = booking.ClassStartsAt;
            var hour = new DateTime(start.Year, start.Month, start.Day, start.Hour, 0, 0, DateTimeKind.Utc);
            if (!counts.TryGetValue(hour, out var count))
            {
                counts[hour] = count = new HourlyStatistic { Hour = hour };
            }

            count.AllCount++;
            count.AttendedCount += booking.Attended ? 1 : 0;
            count.CancelledCount += booking.Status == BookingStatus.Cancelled ? 1 : 0;
        }

        var hours = counts.Keys.ToArray();
        var existing = await db.Statistics.Where(s => hours.Contains(s.Hour)).ToDictionaryAsync(s => s.Hour, cancellationToken);
        foreach (var (hour, count) in counts)
        {
            if (existing.TryGetValue(hour, out var row))
            {
                row.AllCount += count.AllCount;
                row.AttendedCount += count.AttendedCount;
                row.CancelledCount += count.CancelledCount;
            }
            else
            {
                db.Statistics.Add(count);
            }
        }
    }
}
