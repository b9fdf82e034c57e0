using Batch.Launch;
using Batch.Model;
using Batch.Parameters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Pass;

/// <summary>
/// The <c>pass-demo</c> command's work: seeds the pass tables when they hold no members, then runs the five pass jobs one after another
/// through <see cref="IJobOperator"/> — each the next instance of its job (<c>next</c>), at one business time <c>now</c> — and measures
/// what each changed with the sample's own queries before and after it. The jobs find their work in the data, so running the demo again
/// runs new instances that find nothing left to do: nothing is changed twice.
/// </summary>
/// <remarks>
/// Order: use-passes (sessions of the ended classes), expire-passes (then also the passes that were just used up), add-passes (the due
/// bulk passes), notify-before-class (classes starting within 10 minutes, passes ending within 3 days), make-statistics (the
/// <see cref="StatisticsDays"/> days before <c>now</c>, reports in the output folder). notify-before-class sends through the registered
/// <see cref="INotificationSender"/>; when that is <see cref="HttpNotificationSender"/> and no <c>Pass:Notifications:Url</c> is configured,
/// the demo starts <see cref="DemoMessagingService"/> on 127.0.0.1 for the run and points the sender at it.
/// </remarks>
internal sealed class PassDemo(IServiceProvider services)
{
    /// <summary>How many days before <c>now</c> make-statistics covers (the seed's past bookings: three weeks).</summary>
    public const int StatisticsDays = 21;

    /// <summary>The file the stand-in messaging service writes, in the output folder.</summary>
    public const string MessagesFile = "messages.jsonl";

    private readonly PassDatabase _database = services.GetRequiredService<PassDatabase>();
    private readonly IJobOperator _operator = services.GetRequiredService<IJobOperator>();

    /// <summary>Seeds when needed, then runs the jobs until one does not complete.</summary>
    /// <param name="members">How many members to seed when the tables are empty.</param>
    /// <param name="now">The business time every job acts at (and the seed's anchor).</param>
    /// <param name="output">The folder of the report files and of the stand-in's messages.</param>
    /// <param name="started">Called once the messaging target is known, before the first job: the report so far (seeded, messaging).</param>
    /// <param name="ended">Called after each job with what it did.</param>
    /// <param name="cancellationToken">Stops the running job at a chunk boundary.</param>
    /// <returns>What was done.</returns>
    public async Task<PassDemoReport> RunAsync(int members, DateTime now, string output, Action<PassDemoReport>? started, Action<PassDemoJobResult>? ended,
        CancellationToken cancellationToken)
    {
        output = Path.GetFullPath(output);
        var seeded = await PassSeedCommand.SeedAsync(_database, members, now, reset: false, PassDataSet.DefaultBookingsPerPass, copy: null, cancellationToken);
        var counts = await PassCounts.ReadAsync(_database, cancellationToken);
        var configuration = services.GetRequiredService<IConfiguration>();
        var configuredUrl = configuration[HttpNotificationSender.UrlKey];
        var useStandIn = string.IsNullOrWhiteSpace(configuredUrl) && services.GetRequiredService<INotificationSender>() is HttpNotificationSender;
        var standIn = useStandIn ? await DemoMessagingService.StartAsync(Path.Combine(output, MessagesFile), cancellationToken) : null;
        var report = new PassDemoReport(now, _database.Description, seeded, counts.Members, standIn?.Url ?? configuredUrl, standIn?.FilePath);
        try
        {
            if (standIn is not null)
            {
                configuration[HttpNotificationSender.UrlKey] = standIn.Url;
            }

            started?.Invoke(report);
            var jobs = new Func<PassCounts, CancellationToken, Task<(PassDemoJobResult Result, PassCounts After)>>[]
            {
                (before, ct) => UsePassesAsync(before, now, ct),
                (before, ct) => ExpirePassesAsync(before, now, ct),
                (before, ct) => AddPassesAsync(before, now, ct),
                (before, ct) => NotifyAsync(before, now, standIn, ct),
                (before, ct) => MakeStatisticsAsync(before, now, output, ct),
            };
            foreach (var job in jobs)
            {
                var (result, after) = await job(counts, cancellationToken);
                report.Jobs.Add(result);
                ended?.Invoke(result);
                counts = after;
                if (result.Execution.Status != BatchStatus.Completed)
                {
                    break;
                }
            }
        }
        finally
        {
            if (standIn is not null)
            {
                configuration[HttpNotificationSender.UrlKey] = configuredUrl;
                await standIn.DisposeAsync();
            }
        }

        return report;
    }

    private async Task<(PassDemoJobResult, PassCounts)> UsePassesAsync(PassCounts before, DateTime now, CancellationToken cancellationToken)
    {
        var execution = await _operator.StartNextInstanceAsync(UsePassesJob.Name, AtNow(now), cancellationToken);
        var after = await PassCounts.ReadAsync(_database, cancellationToken);
        return (new PassDemoJobResult(execution,
            [KeyValuePair.Create("bookings charged (a session taken)", (long)(after.BookingsCharged - before.BookingsCharged))],
            [KeyValuePair.Create("sessions taken off passes", before.SessionsLeft - after.SessionsLeft)],
            []), after);
    }

    private async Task<(PassDemoJobResult, PassCounts)> ExpirePassesAsync(PassCounts before, DateTime now, CancellationToken cancellationToken)
    {
        var execution = await _operator.StartNextInstanceAsync(ExpirePassesJob.Name, AtNow(now), cancellationToken);
        var after = await PassCounts.ReadAsync(_database, cancellationToken);
        return (new PassDemoJobResult(execution, [KeyValuePair.Create("passes expired", (long)(after.PassesExpired - before.PassesExpired))], [], []), after);
    }

    private async Task<(PassDemoJobResult, PassCounts)> AddPassesAsync(PassCounts before, DateTime now, CancellationToken cancellationToken)
    {
        var execution = await _operator.StartNextInstanceAsync(AddPassesJob.Name, AtNow(now), cancellationToken);
        var after = await PassCounts.ReadAsync(_database, cancellationToken);
        return (new PassDemoJobResult(execution,
            [
                KeyValuePair.Create("bulk passes issued", (long)(after.BulkPassesIssued - before.BulkPassesIssued)),
                KeyValuePair.Create("passes issued", (long)(after.PassesFromBulkPasses - before.PassesFromBulkPasses)),
            ],
            [], []), after);
    }

    private async Task<(PassDemoJobResult, PassCounts)> NotifyAsync(PassCounts before, DateTime now, DemoMessagingService? standIn, CancellationToken cancellationToken)
    {
        var delivered = standIn?.Delivered ?? 0;
        var duplicates = standIn?.Duplicates ?? 0;
        var execution = await _operator.StartNextInstanceAsync(NotifyBeforeClassJob.Name, AtNow(now), cancellationToken);
        var after = await PassCounts.ReadAsync(_database, cancellationToken);
        List<KeyValuePair<string, long>> facts = standIn is null ? [] :
        [
            KeyValuePair.Create("messages the stand-in messaging service received", (long)(standIn.Delivered - delivered)),
            KeyValuePair.Create("of them sent again (same idempotency key, delivered once)", (long)(standIn.Duplicates - duplicates)),
        ];
        return (new PassDemoJobResult(execution,
            [
                KeyValuePair.Create("notifications collected", (long)(after.Notifications - before.Notifications)),
                KeyValuePair.Create("notifications sent", (long)(after.NotificationsSent - before.NotificationsSent)),
            ],
            facts, []), after);
    }

    private async Task<(PassDemoJobResult, PassCounts)> MakeStatisticsAsync(PassCounts before, DateTime now, string output, CancellationToken cancellationToken)
    {
        var to = DateOnly.FromDateTime(now).AddDays(-1);
        var from = to.AddDays(1 - StatisticsDays);
        var (start, end) = (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        string[] files = [Path.Combine(output, StatisticsReport.FileName(false, from, to)), Path.Combine(output, StatisticsReport.FileName(true, from, to))];
        var statisticsBefore = await PassCounts.StatisticsAsync(_database, start, end, cancellationToken);
        var filesBefore = await Task.WhenAll(files.Select(f => ReadIfThereAsync(f, cancellationToken)));
        var parameters = new JobParametersBuilder()
            .AddDate(StatisticsParameters.From, from)
            .AddDate(StatisticsParameters.To, to)
            .AddString(StatisticsParameters.Output, output, identifying: false)
            .Build();
        var execution = await _operator.StartNextInstanceAsync(MakeStatisticsJob.Name, parameters, cancellationToken);
        var statisticsAfter = await PassCounts.StatisticsAsync(_database, start, end, cancellationToken);
        var changedHours = statisticsAfter.Count(s => !statisticsBefore.TryGetValue(s.Key, out var was) || was != s.Value)
            + statisticsBefore.Keys.Count(hour => !statisticsAfter.ContainsKey(hour));
        var written = new List<PassDemoFile>();
        for (var i = 0; i < files.Length; i++)
        {
            if (await ReadIfThereAsync(files[i], cancellationToken) is { } content)
            {
                written.Add(new PassDemoFile(files[i], filesBefore[i] != content));
            }
        }

        var counted = execution.StepExecutions.Where(s => s.StepName == MakeStatisticsJob.AggregateStep).Sum(s => s.ReadCount);
        return (new PassDemoJobResult(execution,
            [KeyValuePair.Create(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"hourly statistics rows changed ({from:yyyy-MM-dd} to {to:yyyy-MM-dd})"), (long)changedHours)],
            [
                KeyValuePair.Create("bookings counted", counted),
                KeyValuePair.Create("hourly statistics rows in the range", (long)statisticsAfter.Count),
            ],
            written), before);
    }

    private static JobParameters AtNow(DateTime now) => new JobParametersBuilder().AddDateTime(PassJobParameters.Now, new DateTimeOffset(now, TimeSpan.Zero)).Build();

    private static async Task<string?> ReadIfThereAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
}
