using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samples.Collector;

namespace Batch.Samples.Collector.Tests;

/// <summary>
/// The dashboard's collector panel (<c>CollectorResultsPanel</c>) served by the collector's own <c>dashboard</c> command on 127.0.0.1:
/// after a batchrun and a batchresult, the page shows the result tables per code, per connection and per table — for the newest base
/// time, or the one of <c>collectorBaseTime</c>.
/// </summary>
public sealed partial class DashboardPanelTests : CollectorNightFixture
{
    private const string NextBaseTime = "20261202000000";

    [Test]
    public async Task The_panel_shows_the_results_per_code_connection_and_table_of_the_newest_or_the_asked_base_time()
    {
        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(1, Err + Out);
        (await Run("batchresult", BaseTime, "01")).Should().Be(0, Err);
        (await Run("batchrun", NextBaseTime, "01", "C1")).Should().Be(0, Err + Out);
        (await Run("batchresult", NextBaseTime, "01")).Should().Be(0, Err);

        using var host = CollectorHost.Build(BaseDirectory, c => c.AddInMemoryCollection(HostSettings()));
        await host.StartAsync();
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var dashboard = host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["dashboard", "--urls", "http://127.0.0.1:0"], output, error, stop.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = await AddressAsync(output, text, dashboard) };

            var newest = await http.GetStringAsync(string.Empty);
            newest.Should().Contain("Data-lake collector: batch results").And.Contain($"Base time {NextBaseTime}");
            Rows(newest, "Per integration method code").Should().Equal($"01|SUCCESS|1|1|2|2|{Orders + Items}");
            Rows(newest, "Per connection").Should().Equal($"01|C1|SUCCESS|2|2|{Orders + Items}|1");
            Rows(newest, "Per table").Should().Equal($"C1|items|SUCCESS|{Items}|{Items}|{Items}|1|", $"C1|orders|SUCCESS|{Orders}|{Orders}|{Orders}|1|");

            var first = await http.GetStringAsync($"?collectorBaseTime={BaseTime}");
            first.Should().Contain($"Base time {BaseTime}");
            Rows(first, "Per integration method code").Should().Equal($"01|FAILED|1|2|2|3|{Orders + Items}");
            Rows(first, "Per connection").Should().Equal($"01|C1|SUCCESS|2|2|{Orders + Items}|1", "01|C2|FAILED|0|1|0|1");
            var tables = Rows(first, "Per table");
            tables.Should().HaveCount(3);
            tables[0].Should().StartWith("C1|items|SUCCESS|");
            tables[1].Should().StartWith("C1|orders|SUCCESS|");
            tables[2].Should().StartWith("C2|events|FAILED|").And.Contain("structure changed");
        }
        finally
        {
            await stop.CancelAsync();
            await dashboard.WaitAsync(TimeSpan.FromSeconds(60));
            await host.StopAsync();
        }
    }

    /// <summary>The rows of one of the panel's tables, cells decoded and joined with '|'.</summary>
    private static List<string> Rows(string page, string caption)
    {
        var start = page.IndexOf($"<caption>{caption}</caption>", StringComparison.Ordinal);
        start.Should().BePositive($"the page has the table '{caption}'");
        var body = page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
        return [.. Row().Matches(body).Select(r => string.Join('|', Cell().Matches(r.Groups[1].Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value))))];
    }

    private static async Task<Uri> AddressAsync(TextWriter output, StringWriter text, Task<int> dashboard)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Match match;
            lock (output)
            {
                match = Address().Match(text.ToString());
            }

            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }

            if (dashboard.IsCompleted || clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                Assert.Fail($"The dashboard did not say where it listens: {text}");
            }

            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"Dashboard on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Address();

    [GeneratedRegex("<tr>((?:<td>.*?</td>)+)</tr>")]
    private static partial Regex Row();

    [GeneratedRegex("<td>(.*?)</td>")]
    private static partial Regex Cell();
}
