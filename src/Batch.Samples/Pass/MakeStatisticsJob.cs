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
/// <c>aggregate</c> (a chunk step) reads the bookings of classes starting in the range in the order of their class's start, counts each
/// chunk's bookings per hour in memory — all, attended, cancelled — and adds them to the hours' statistics rows with one upsert per
/// chunk (<c>INSERT … ON CONFLICT (hour) DO UPDATE</c>, the same SQL on PostgreSQL and SQLite), in the chunk's transaction; then a split runs two tasklets in parallel that write the
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
    private const int ChunkSize = 5000;   // a chunk is only counted: larger chunks, fewer commits
    private const int HoursPerStatement = 500;

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
                    db => db.Bookings
                        .Where(b => b.ClassStartsAt >= start && b.ClassStartsAt < end)
                        .Select(b => new Booking { Id = b.Id, ClassStartsAt = b.ClassStartsAt, Attended = b.Attended, Status = b.Status }),   // only what is counted
                    b => b.ClassStartsAt,
                    b => b.Id,
                    keepPosition: false);
            })
            .Processor(ctx => new FailAtProcessor<Booking>(PassJobParameters.FailAtId(ctx.JobParameters), b => b.Id, "booking"))
            .Writer(ctx => new EntityFrameworkItemWriter<Booking>(
                ctx.Services.GetRequiredService<PassDatabase>().CreateChunkContext,
                (db, chunk, ct) => AddCountsAsync((PassDbContext)db, chunk, ct)))
            .Build();

    /// <summary>Counts the chunk's bookings per hour and adds the counts to the hours' rows, creating the rows missing: one upsert per chunk.</summary>
    private static async Task AddCountsAsync(PassDbContext db, Chunk<Booking> chunk, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<DateTime, HourlyStatistic>();
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

        foreach (var rows in counts.Values.Chunk(HoursPerStatement))
        {
            await db.Database.ExecuteSqlRawAsync(UpsertSql(rows.Length), ParametersOf(rows), cancellationToken);
        }
    }

    /// <summary>
    /// <c>INSERT INTO pass_statistic … VALUES ({0}, {1}, {2}, {3}), … ON CONFLICT (hour) DO UPDATE SET all_count = pass_statistic.all_count +
    /// excluded.all_count, …</c> for <paramref name="rows"/> rows: every value a parameter (EF Core's <c>{n}</c> placeholders).
    /// </summary>
    private static string UpsertSql(int rows)
    {
        var sql = new System.Text.StringBuilder("INSERT INTO pass_statistic (hour, all_count, attended_count, cancelled_count) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            var p = row * 4;
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(row == 0 ? string.Empty : ", ")}({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}})");
        }

        return sql.Append(" ON CONFLICT (hour) DO UPDATE SET all_count = pass_statistic.all_count + excluded.all_count,")
            .Append(" attended_count = pass_statistic.attended_count + excluded.attended_count,")
            .Append(" cancelled_count = pass_statistic.cancelled_count + excluded.cancelled_count")
            .ToString();
    }

    private static object[] ParametersOf(HourlyStatistic[] rows)
    {
        var values = new object[rows.Length * 4];
        for (var row = 0; row < rows.Length; row++)
        {
            values[row * 4] = rows[row].Hour;
            values[(row * 4) + 1] = rows[row].AllCount;
            values[(row * 4) + 2] = rows[row].AttendedCount;
            values[(row * 4) + 3] = rows[row].CancelledCount;
        }

        return values;
    }
}
