using System.Net;
using Batch.Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Batch.Dashboard.Tests;

/// <summary>The pages in headless Chromium, served by the standalone dashboard on Kestrel over an in-memory repository.</summary>
[TestFixture]
public sealed class DashboardPageTests
{
    [OneTimeSetUp]
    public void LongExpectations() => SetDefaultExpectTimeout((float)Conditions.Limit.TotalMilliseconds);

    [Test]
    public async Task The_jobs_executions_job_and_execution_pages_load_and_link_to_each_other()
    {
        using var gate = new ItemGate();
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateQuick(), TestJobs.CreateGated(gate, 3), FailingJob.Create()]);
        for (var i = 0; i < 3; i++)
        {
            (await app.Operator.StartNextInstanceAsync(TestJobs.Quick, null, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);
        }

        var failed = await app.Operator.StartNextInstanceAsync(FailingJob.Name, null, CancellationToken.None);
        failed.Status.Should().Be(BatchStatus.Failed);

        var page = await Browser.NewPageAsync();
        var response = await page.GotoAsync(app.Root.ToString());
        response!.Status.Should().Be(200);
        await Expect(page).ToHaveTitleAsync("Jobs · Batch");
        await Expect(page.Locator("#jobs tr[data-job='quick'] .status")).ToHaveTextAsync("COMPLETED");
        await Expect(page.Locator("#jobs tr[data-job='failing'] .status")).ToHaveTextAsync("FAILED");
        await Expect(page.Locator("#jobs tr[data-job='gated']")).ToContainTextAsync("never ran");
        await Expect(page.Locator("#recent table.executions tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#running p.empty")).ToBeVisibleAsync();

        await page.ClickAsync("#recent >> text=All executions");
        await Expect(page).ToHaveTitleAsync("Executions · Batch");
        await Expect(page.Locator("table.executions tbody tr")).ToHaveCountAsync(4);
        await page.SelectOptionAsync("select[name='status']", "FAILED");
        await page.ClickAsync("form.filter button");
        await Expect(page.Locator("table.executions tbody tr")).ToHaveCountAsync(1);

        await page.ClickAsync($"table.executions a:text-is('#{failed.Id}')");
        await Expect(page).ToHaveTitleAsync($"Execution #{failed.Id} of failing · Batch");
        await Expect(page.Locator("#summary #status")).ToHaveTextAsync("FAILED");
        await Expect(page.Locator("#steps tr[data-step='explode'] td.rollback")).ToHaveTextAsync("1");
        await Expect(page.Locator("#steps tr.exit pre")).ToContainTextAsync("the source table is missing");

        await page.GotoAsync(app.Url("jobs/quick"));
        await Expect(page.Locator("#history svg.chart rect.bar")).ToHaveCountAsync(3);
        await Expect(page.Locator("#executions table.executions tbody tr")).ToHaveCountAsync(3);

        var missing = await page.GotoAsync(app.Url("executions/999999"));
        missing!.Status.Should().Be(404);
        await Expect(page.Locator("p.error")).ToHaveTextAsync("There is no job execution with id 999999.");
    }

    [Test]
    public async Task The_executions_list_pages_newest_first_and_filters_by_job()
    {
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateQuick(), FailingJob.Create()], o => o.ExecutionsPageSize = 10);
        var ids = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add((await app.Operator.StartNextInstanceAsync(TestJobs.Quick, null, CancellationToken.None)).Id);
        }

        await app.Operator.StartNextInstanceAsync(FailingJob.Name, null, CancellationToken.None);

        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.Url("executions?job=quick"));
        var rows = page.Locator("table.executions tbody tr");
        await Expect(rows).ToHaveCountAsync(10);
        (await rows.First.GetAttributeAsync("data-execution")).Should().Be(ids[^1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("nav.pages >> text=Older");
        await page.ClickAsync("nav.pages >> text=Older");
        await Expect(rows).ToHaveCountAsync(5);
        (await rows.Last.GetAttributeAsync("data-execution")).Should().Be(ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("nav.pages >> text=Older")).ToHaveCountAsync(0);
        await Expect(page.Locator("table.executions")).Not.ToContainTextAsync("failing");
    }

    [Test]
    public async Task A_status_filter_that_is_not_a_status_is_ignored_and_the_page_says_so_instead_of_filtering_on_UNKNOWN()
    {
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateQuick()]);
        var execution = await app.Operator.StartNextInstanceAsync(TestJobs.Quick, null, CancellationToken.None);

        var html = await app.Http.GetStringAsync("executions?status=B%3Cb%3EOGUS");

        html.Should().Contain("&#x27;B&lt;b&gt;OGUS&#x27; is not a status").And.Contain("executions of every status are shown")
            .And.Contain($"/executions/{execution.Id}").And.NotContain("<option value=\"UNKNOWN\" selected>");
        (await app.Http.GetStringAsync("executions?status=completed")).Should().Contain($"/executions/{execution.Id}").And.NotContain("is not a status");
    }

    [Test]
    public async Task A_job_parameter_holding_markup_is_shown_as_text_and_never_run()
    {
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateQuick()]);
        const string note = "<script>window.hacked = 1</script><img src=x onerror=\"window.hacked = 2\">";
        var execution = await app.Operator.StartNextInstanceAsync(
            TestJobs.Quick, new JobParametersBuilder().AddString("note", note).Build(), CancellationToken.None);

        var html = await app.Http.GetStringAsync($"executions/{execution.Id}");
        html.Should().NotContain("<script>window.hacked").And.NotContain("<img src=x")
            .And.Contain("&lt;script&gt;window.hacked = 1&lt;/script&gt;&lt;img src=x onerror=&quot;window.hacked = 2&quot;&gt;");

        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.Url($"executions/{execution.Id}"));
        await Expect(page.Locator("#parameters td", new PageLocatorOptions { HasTextString = "window.hacked" })).ToHaveTextAsync(note);
        (await page.EvaluateAsync<bool>("() => window.hacked === undefined")).Should().BeTrue();
    }

    [Test]
    public async Task A_running_steps_progress_moves_on_the_open_page_with_its_projected_end()
    {
        using var gate = new ItemGate();
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateGated(gate, 10)]);
        gate.Release(10);
        (await app.Operator.StartNextInstanceAsync(TestJobs.Gated, null, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);

        var run = app.RunInBackground(TestJobs.Gated);
        gate.Release(2);
        var execution = await app.WaitForReadAsync(TestJobs.Gated, 2);

        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.Url($"executions/{execution.Id}"));
        var row = page.Locator("#running tr[data-step='read']");
        await Expect(row.Locator("td.done")).ToHaveTextAsync("2");
        await Expect(row.Locator("td.percent span")).ToHaveTextAsync("20.0 % of 10");
        await Expect(row.Locator("td.eta")).Not.ToContainTextAsync("unknown");

        gate.Release(3);
        await app.WaitForReadAsync(TestJobs.Gated, 5);
        // The page is not reloaded: its script fetched the progress again.
        await Expect(row.Locator("td.done")).ToHaveTextAsync("5");
        await Expect(row.Locator("td.percent span")).ToHaveTextAsync("50.0 % of 10");
        await Expect(row.Locator("td.percent progress")).ToHaveAttributeAsync("value", "50");

        var main = await Browser.NewPageAsync();
        await main.GotoAsync(app.Root.ToString());
        await Expect(main.Locator($"#running tr[data-execution='{execution.Id}'] td.done")).ToHaveTextAsync("5");

        gate.Release(5);
        (await run.WaitAsync(Conditions.Limit)).Status.Should().Be(BatchStatus.Completed);
        await Expect(page.Locator("#running p.empty")).ToBeVisibleAsync();
        await Expect(main.Locator("#running p.empty")).ToBeVisibleAsync();
    }

    [Test]
    public async Task The_main_page_is_kept_as_a_screenshot()
    {
        using var gate = new ItemGate();
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateQuick(), TestJobs.CreateGated(gate, 20), FailingJob.Create()]);
        gate.Release(20);
        await app.Operator.StartNextInstanceAsync(TestJobs.Gated, null, CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await app.Operator.StartNextInstanceAsync(TestJobs.Quick, null, CancellationToken.None);
        }

        await app.Operator.StartNextInstanceAsync(FailingJob.Name, null, CancellationToken.None);
        var run = app.RunInBackground(TestJobs.Gated);
        gate.Release(7);
        await app.WaitForReadAsync(TestJobs.Gated, 7);

        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.Root.ToString());
        await Expect(page.Locator("#running tr[data-step='read'] td.done")).ToHaveTextAsync("7");
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "dashboard-main.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        new FileInfo(file).Length.Should().BeGreaterThan(1000);
        TestContext.AddTestAttachment(file, "The dashboard's main page: a running step with its progress, jobs, recent executions");

        gate.Release(13);
        (await run.WaitAsync(Conditions.Limit)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task Assets_are_served_and_pages_forbid_inline_script()
    {
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateQuick()]);
        var page = await app.Http.GetAsync(string.Empty);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        page.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'");
        (await app.Http.GetAsync("assets/dashboard.js")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.Http.GetAsync("assets/dashboard.css")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
