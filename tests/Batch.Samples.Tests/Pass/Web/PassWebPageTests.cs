using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Batch.Samples.Tests.Pass.Web;

/// <summary>
/// The three pages in headless Chromium on <see cref="PassTestData"/>: each shows the APIs' data; a bulk pass registered through the admin
/// page and issued by add-passes shows on the member's page; the admin pages refuse without the key and show the API's field errors.
/// Every wait is on a condition (Playwright's auto-waiting expectations), none on time.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class PassWebPageTests(PassBackend backend) : PassWebFixture(backend)
{
    private readonly List<IPage> _pages = [];

    [OneTimeSetUp]
    public void LongExpectations() => SetDefaultExpectTimeout((float)PassWebBrowser.Limit.TotalMilliseconds);

    [TearDown]
    public async Task ClosePages()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }

        _pages.Clear();
    }

    [Test]
    public async Task The_member_page_shows_the_members_passes_from_the_API()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(Url("members/2"));

        await Expect(page.Locator("#member-name")).ToHaveTextAsync("Member 2 (member 2)");
        await Expect(page.Locator("#summary")).ToHaveTextAsync("1 active of 2 passes.");
        var rows = page.Locator("#passes tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).Locator("td")).ToHaveTextAsync(["#3", "PT 10", "0", "2026-11-01 12:00 UTC", "2026-12-31 12:00 UTC", "ACTIVE"]);
        await Expect(rows.Nth(1).Locator("td")).ToHaveTextAsync(["#4", "PT 10", "2", "2026-08-23 12:00 UTC", "2026-10-22 12:00 UTC", "EXPIRED 2026-10-23 12:00 UTC"]);

        await page.GotoAsync(Url("members/3"));
        await Expect(page.Locator("#passes tbody tr").Nth(0).Locator("td").Nth(2)).ToHaveTextAsync("unlimited");
    }

    [Test]
    public async Task The_member_page_of_an_unknown_member_shows_the_APIs_message()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(Url("members"));
        await page.FillAsync("#member-id", "99");
        await page.ClickAsync("#member-form button");

        await Expect(page).ToHaveURLAsync(Url("members/99"));
        await Expect(page.Locator("#error")).ToHaveTextAsync("There is no member 99: check the member's number.");
        await Expect(page.Locator("#member")).ToBeHiddenAsync();
    }

    [Test]
    public async Task Without_the_key_the_admin_pages_refuse_and_show_no_data()
    {
        var page = await NewPageAsync();

        foreach (var path in new[] { "admin/bulk-passes", "admin/statistics?from=2026-11-30&to=2026-12-03" })
        {
            await page.GotoAsync(Url(path));

            await Expect(page.Locator("#refusal")).ToContainTextAsync("This page needs the admin key");
            await Expect(page.Locator("#key-form")).ToBeVisibleAsync();
            await Expect(page.Locator("#admin")).ToBeHiddenAsync();
        }

        await page.GotoAsync(Url("admin/bulk-passes"));
        await page.FillAsync("#admin-key", AdminKey + "x");
        await page.ClickAsync("#key-form button");
        await Expect(page.Locator("#refusal")).ToHaveTextAsync("The admin key in the X-Admin-Key header is wrong.");
        await Expect(page.Locator("#admin")).ToBeHiddenAsync();
        await Expect(page.Locator("#groupId option")).ToHaveCountAsync(0);
        (await page.EvaluateAsync<string?>("() => sessionStorage.getItem('pass-web.adminKey')")).Should().BeNull("a refused key is forgotten");
    }

    [Test]
    public async Task Without_a_configured_key_the_admin_page_says_how_to_set_one_even_to_a_key()
    {
        await using var closed = await StartWebAsync(adminKey: null);
        var page = await NewPageAsync();

        await page.GotoAsync(new Uri(closed.BaseUri, "admin/bulk-passes").ToString());
        await page.FillAsync("#admin-key", AdminKey);
        await page.ClickAsync("#key-form button");

        await Expect(page.Locator("#refusal")).ToContainTextAsync("no admin key is configured. Set Pass:Web:AdminKey");
        await Expect(page.Locator("#admin")).ToBeHiddenAsync();
    }

    [Test]
    public async Task A_bulk_pass_registered_on_the_admin_page_and_issued_by_add_passes_shows_on_the_members_page()
    {
        var page = await OpenAdminAsync("admin/bulk-passes");
        await Expect(page.Locator("#groupId option")).ToHaveTextAsync(["Pilates (3 members)", "Staff (2 members)"]);
        await Expect(page.Locator("#packageId option")).ToHaveTextAsync(["PT 10 (10 sessions, 60 days)", "Gym (unlimited, 90 days)"]);
        await Expect(page.Locator("#bulk-passes tbody tr")).ToHaveCountAsync(4);

        await page.SelectOptionAsync("#groupId", "1");
        await page.SelectOptionAsync("#packageId", "1");
        await page.FillAsync("#sessions", "4");
        await page.FillAsync("#startsAt", "2026-12-02T09:00");
        await page.FillAsync("#endsAt", "2026-12-31T09:00");
        await page.ClickAsync("#register");

        await Expect(page.Locator("#result")).ToHaveTextAsync(
            "Bulk pass #5 registered: 3 passes of PT 10 (4 sessions) for Pilates, from 2026-12-02 09:00 UTC to 2026-12-31 09:00 UTC; add-passes issues them once the start has come.");
        await Expect(page.Locator("#bulk-passes tbody tr").First.Locator("td")).ToHaveTextAsync(
            ["#5", "Pilates (3)", "PT 10", "4", "2026-12-02 09:00 UTC", "2026-12-31 09:00 UTC", "READY", ""]);

        await RunCompleted("run", "add-passes", "now:datetime=2026-12-02T09:30:00Z");

        foreach (var member in new[] { 1, 2, 3 })
        {
            var memberPage = await NewPageAsync();
            await memberPage.GotoAsync(Url($"members/{member}"));
            var issued = memberPage.Locator("#passes tbody tr[data-bulk-pass-id='5']");
            await Expect(issued.Locator("td").Nth(1)).ToHaveTextAsync("PT 10");
            await Expect(issued.Locator("td").Nth(2)).ToHaveTextAsync("4");
            await Expect(issued.Locator("td").Nth(3)).ToHaveTextAsync("2026-12-02 09:00 UTC");
            await Expect(issued.Locator("td").Nth(5)).ToHaveTextAsync("ACTIVE");
        }

        await page.ReloadAsync();
        await Expect(page.Locator("#bulk-passes tbody tr").First.Locator("td").Nth(6)).ToHaveTextAsync("COMPLETED");
        await Expect(page.Locator("#bulk-passes tbody tr").First.Locator("td").Nth(7)).ToHaveTextAsync("3 at 2026-12-02 09:30 UTC");
    }

    [Test]
    public async Task The_admin_page_shows_the_APIs_field_errors_beside_the_fields_and_writes_nothing()
    {
        var before = await CountRowsAsync();
        var page = await OpenAdminAsync("admin/bulk-passes");
        await Expect(page.Locator("#groupId option")).ToHaveCountAsync(2);

        await page.FillAsync("#sessions", "-3");
        await page.FillAsync("#startsAt", "2026-12-02T09:00");
        await page.FillAsync("#endsAt", "2026-12-01T09:00");
        await page.ClickAsync("#register");

        await Expect(page.Locator("[data-error-for='sessions']")).ToContainTextAsync("sessions is -3: give a whole number of sessions from 1 to 10,000");
        await Expect(page.Locator("[data-error-for='endsAt']")).ToContainTextAsync("endsAt (2026-12-01T09:00:00Z) is not after startsAt (2026-12-02T09:00:00Z)");
        await Expect(page.Locator("#sessions")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-error-for='groupId']")).ToHaveTextAsync(string.Empty);
        await Expect(page.Locator("#result")).ToBeHiddenAsync();

        await page.FillAsync("#startsAt", string.Empty);
        await page.ClickAsync("#register");
        await Expect(page.Locator("[data-error-for='startsAt']")).ToContainTextAsync("startsAt is missing");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Test]
    public async Task The_statistics_page_draws_the_chart_and_the_daily_totals_of_the_range()
    {
        await PassWebStatistics.InsertAsync(Database);

        var page = await OpenAdminAsync("admin/statistics?from=2026-11-30&to=2026-12-03");

        await Expect(page.Locator("#totals")).ToHaveTextAsync("2026-11-30 to 2026-12-03: 13 bookings, 8 attended, 3 cancelled (4 hourly rows).");
        await Expect(page.Locator("#daily tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#daily tbody tr[data-day='2026-11-30'] td")).ToHaveTextAsync(["2026-11-30", "8", "4", "2"]);
        await Expect(page.Locator("#daily tbody tr[data-day='2026-12-02'] td")).ToHaveTextAsync(["2026-12-02", "0", "0", "0"]);
        var daily = page.Locator("#daily-chart rect.bar");
        await Expect(daily).ToHaveCountAsync(12, new() { Timeout = 60_000 });
        await Expect(page.Locator("#daily-chart rect[data-series='all'][data-point='2026-11-30']")).ToHaveAttributeAsync("data-value", "8");
        await Expect(page.Locator("#daily-chart rect[data-series='cancelled'][data-point='2026-12-03'] title")).ToHaveTextAsync("2026-12-03: 1 cancelled");
        await Expect(page.Locator("#hourly-chart rect.bar")).ToHaveCountAsync(12);
        await Expect(page.Locator("#hourly-chart rect[data-series='attended'][data-point='2026-12-01T10:00:00Z']")).ToHaveAttributeAsync("data-value", "4");
        // The tallest bar (8 of a y axis up to 8) fills the plot; a bar of 4 is half of it.
        var tallest = await BarHeightAsync(page, "#daily-chart rect[data-series='all'][data-point='2026-11-30']");
        var half = await BarHeightAsync(page, "#daily-chart rect[data-series='all'][data-point='2026-12-01']");
        half.Should().BeApproximately(tallest / 2, 0.01);

        await page.FillAsync("#from", "2026-12-03");
        await page.FillAsync("#to", "2026-12-01");
        await page.ClickAsync("#range-form button");
        await Expect(page.Locator("[data-error-for='to']")).ToContainTextAsync("to (2026-12-01) is before from (2026-12-03)");
        await Expect(page.Locator("#report")).ToBeHiddenAsync();

        await page.FillAsync("#from", "2026-12-01");
        await page.FillAsync("#to", "2026-12-04");
        await page.ClickAsync("#range-form button");
        await Expect(page.Locator("#totals")).ToHaveTextAsync("2026-12-01 to 2026-12-04: 12 bookings, 11 attended, 8 cancelled (3 hourly rows).");
        await Expect(page.Locator("[data-error-for='to']")).ToHaveTextAsync(string.Empty);
    }

    /// <summary>A page in a browser context of its own (its own sessionStorage), closed after the test.</summary>
    private async Task<IPage> NewPageAsync()
    {
        var page = await PassWebBrowser.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    private string Url(string path) => new Uri(BaseUri, path).ToString();

    /// <summary>Opens an admin page, types the key in and waits until the page shows its content.</summary>
    private async Task<IPage> OpenAdminAsync(string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Url(path));
        await Expect(page.Locator("#key-form")).ToBeVisibleAsync();
        await page.FillAsync("#admin-key", AdminKey);
        await page.ClickAsync("#key-form button");
        await Expect(page.Locator("#admin")).ToBeVisibleAsync();
        await Expect(page.Locator("#refusal")).ToBeHiddenAsync();
        await Expect(page.Locator("#key-form")).ToBeHiddenAsync();
        return page;
    }

    private static async Task<double> BarHeightAsync(IPage page, string selector) =>
        double.Parse(await page.Locator(selector).GetAttributeAsync("height") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}
