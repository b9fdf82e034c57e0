using System.Globalization;
using System.Text;
using Batch.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samples.Pass;

/// <summary>
/// Writes the daily or the weekly report of make-statistics' range from the hourly statistics, as CSV
/// (<c>day,all,attended,cancelled</c>, or <c>week,…</c> with the Monday of each ISO week; every day or week of the range, zeros included,
/// and a last <c>total</c> line). The file is written beside its final name and moved over it, so a crash never leaves half a report
/// and a rerun replaces it.
/// </summary>
internal sealed class StatisticsReport(bool weekly) : ITasklet
{
    public const string DailyStep = "daily-report";
    public const string WeeklyStep = "weekly-report";
    public const string FileKey = "report.file";

    public static string FileName(bool weekly, DateOnly from, DateOnly to) =>
        string.Create(CultureInfo.InvariantCulture, $"statistics-{(weekly ? "weekly" : "daily")}-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");

    public async ValueTask<RepeatStatus> ExecuteAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        var (from, to) = StatisticsParameters.RangeOf(context.JobParameters);
        var (start, end) = MakeStatisticsJob.HoursOf(context.JobParameters);
        List<HourlyStatistic> hours;
        await using (var db = context.Step.Services.GetRequiredService<PassDatabase>().CreateContext())
        {
            hours = await db.Statistics.AsNoTracking().Where(s => s.Hour >= start && s.Hour < end).ToListAsync(cancellationToken);
        }

        var periods = new SortedDictionary<DateOnly, (int All, int Attended, int Cancelled)>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            periods[PeriodOf(day)] = (0, 0, 0);
        }

        foreach (var hour in hours)
        {
            var period = PeriodOf(DateOnly.FromDateTime(hour.Hour));
            var (all, attended, cancelled) = periods[period];
            periods[period] = (all + hour.AllCount, attended + hour.AttendedCount, cancelled + hour.CancelledCount);
        }

        var text = new StringBuilder();
        text.Append(weekly ? "week" : "day").Append(",all,attended,cancelled\n");
        foreach (var (period, (all, attended, cancelled)) in periods)
        {
            text.Append(CultureInfo.InvariantCulture, $"{period:yyyy-MM-dd},{all},{attended},{cancelled}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"total,{periods.Values.Sum(p => p.All)},{periods.Values.Sum(p => p.Attended)},{periods.Values.Sum(p => p.Cancelled)}\n");
        var folder = StatisticsParameters.OutputOf(context.JobParameters);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName(weekly, from, to));
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, text.ToString(), new UTF8Encoding(false), cancellationToken);
        File.Move(partial, path, overwrite: true);
        context.ExecutionContext.Put(FileKey, path);
        PassLog.ReportWritten(context.Step.LoggerFactory.CreateLogger(PassLog.Category), weekly ? "weekly" : "daily", path, periods.Count);
        return RepeatStatus.Finished;
    }

    /// <summary>The day itself, or the Monday of its ISO week.</summary>
    private DateOnly PeriodOf(DateOnly day) => weekly ? day.AddDays(-(((int)day.DayOfWeek + 6) % 7)) : day;
}
