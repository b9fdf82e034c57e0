using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Samples.Pass;
using static Batch.Samples.Tests.Pass.PassTestData;

namespace Batch.Samples.Tests.Pass.Web;

/// <summary>
/// The pass web server's JSON APIs on <see cref="PassTestData"/>, on SQLite and on PostgreSQL: a member's passes, registering a bulk pass
/// (then issued by add-passes), the statistics of a range; every bad input a 400 naming its field with nothing written; the admin APIs
/// refused without the right key.
/// </summary>
[TestFixture(PassBackend.Sqlite)]
[TestFixture(PassBackend.Postgres)]
public class PassWebApiTests(PassBackend backend) : PassWebFixture(backend)
{
    private const string ValidBody = """{"groupId":1,"packageId":1,"sessions":3,"startsAt":"2026-12-02T09:00:00Z","endsAt":"2026-12-31T09:00:00Z"}""";

    [Test]
    public async Task Member_passes_lists_exactly_the_members_passes_active_first_with_package_sessions_validity_and_status()
    {
        var two = await GetJsonAsync("api/members/2/passes");
        var three = await GetJsonAsync("api/members/3/passes");

        JsonNode.DeepEquals(two, JsonNode.Parse($$"""
            {"memberId":2,"memberName":"Member 2","passes":[
              {"id":3,"packageId":1,"packageName":"PT 10","packageSessions":10,"remainingSessions":0,"startsAt":"{{T(Now.AddDays(-30))}}",
               "endsAt":"{{T(Now.AddDays(30))}}","status":"ACTIVE","expiredAt":null,"bulkPassId":null},
              {"id":4,"packageId":1,"packageName":"PT 10","packageSessions":10,"remainingSessions":2,"startsAt":"{{T(Now.AddDays(-100))}}",
               "endsAt":"{{T(Now.AddDays(-40))}}","status":"EXPIRED","expiredAt":"{{T(Now.AddDays(-39))}}","bulkPassId":null}]}
            """)).Should().BeTrue(two!.ToJsonString());
        JsonNode.DeepEquals(three, JsonNode.Parse($$"""
            {"memberId":3,"memberName":"Member 3","passes":[
              {"id":6,"packageId":2,"packageName":"Gym","packageSessions":null,"remainingSessions":null,"startsAt":"{{T(Now.AddDays(-60))}}",
               "endsAt":"{{T(Now)}}","status":"ACTIVE","expiredAt":null,"bulkPassId":null},
              {"id":5,"packageId":2,"packageName":"Gym","packageSessions":null,"remainingSessions":null,"startsAt":"{{T(Now.AddDays(-55))}}",
               "endsAt":"{{T(Now.AddDays(5))}}","status":"ACTIVE","expiredAt":null,"bulkPassId":null}]}
            """)).Should().BeTrue(three!.ToJsonString());
    }

    [TestCase("99", "There is no member 99")]
    [TestCase("abc", "memberId is 'abc'")]
    [TestCase("0", "memberId is '0'")]
    public async Task Member_passes_of_an_unknown_or_malformed_member_is_a_400_naming_memberId(string member, string message)
    {
        var response = await Http.GetAsync($"api/members/{member}/passes");

        await ShouldBeFieldErrorAsync(response, "memberId", message);
    }

    [Test]
    public async Task Posting_a_bulk_pass_stores_it_ready_and_add_passes_then_issues_it_to_every_member_of_the_group()
    {
        var before = await CountRowsAsync();

        var response = await PostAsync(ValidBody);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().Should().Be("/api/admin/bulk-passes/5");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        JsonNode.DeepEquals(body, JsonNode.Parse("""
            {"id":5,"groupId":1,"groupName":"Pilates","members":3,"packageId":1,"packageName":"PT 10","sessions":3,
             "startsAt":"2026-12-02T09:00:00Z","endsAt":"2026-12-31T09:00:00Z","status":"READY","issuedAt":null,"issuedCount":0}
            """)).Should().BeTrue(body!.ToJsonString());
        await using (var db = Database.CreateContext())
        {
            (await db.BulkPasses.AsNoTracking().SingleAsync(b => b.Id == 5)).Should().BeEquivalentTo(new BulkPass
            {
                Id = 5,
                GroupId = 1,
                PackageId = 1,
                Status = BulkPassStatus.Ready,
                Sessions = 3,
                StartsAt = new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc),
                EndsAt = new DateTime(2026, 12, 31, 9, 0, 0, DateTimeKind.Utc),
            });
        }

        (await CountRowsAsync()).Should().Be((before.BulkPasses + 1, before.Passes), "the passes are issued by add-passes, not by the API");

        await RunCompleted("run", "add-passes", "now:datetime=2026-12-02T09:30:00Z");

        var member = await GetJsonAsync("api/members/1/passes");
        var issued = member!["passes"]!.AsArray().Where(p => p!["bulkPassId"]?.GetValue<long>() == 5).ToList();
        issued.Should().ContainSingle();
        issued[0]!["remainingSessions"]!.GetValue<int>().Should().Be(3);
        issued[0]!["endsAt"]!.GetValue<string>().Should().Be("2026-12-31T09:00:00Z");
        var bulk = JsonNode.Parse(await SendWithKeyAsync(HttpMethod.Get, "api/admin/bulk-passes/5"));
        bulk!["status"]!.GetValue<string>().Should().Be("COMPLETED");
        bulk["issuedCount"]!.GetValue<int>().Should().Be(3);
    }

    [Test]
    public async Task A_bulk_pass_without_sessions_or_end_takes_the_packages_sessions_and_valid_days()
    {
        var response = await PostAsync("""{"groupId":2,"packageId":2,"startsAt":"2026-12-05T10:00"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        await using var db = Database.CreateContext();
        var stored = await db.BulkPasses.AsNoTracking().OrderBy(b => b.Id).LastAsync();
        stored.Sessions.Should().BeNull("the Gym package is of unlimited use");
        stored.StartsAt.Should().Be(new DateTime(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc), "a time without an offset is UTC");
        stored.EndsAt.Should().Be(stored.StartsAt.AddDays(90), "the Gym package is valid 90 days");
    }

    private static IEnumerable<TestCaseData> BadBulkPasses()
    {
        TestCaseData Case(string name, string body, string field, string message) => new TestCaseData(body, field, message).SetArgDisplayNames(name);
        yield return Case("unknown group", """{"groupId":99,"packageId":1,"startsAt":"2026-12-02T09:00:00Z"}""", "groupId", "There is no group 99");
        yield return Case("unknown package", """{"groupId":1,"packageId":99,"startsAt":"2026-12-02T09:00:00Z"}""", "packageId", "There is no package 99");
        yield return Case("negative sessions", """{"groupId":1,"packageId":1,"sessions":-3,"startsAt":"2026-12-02T09:00:00Z"}""", "sessions", "sessions is -3");
        yield return Case("zero sessions", """{"groupId":1,"packageId":1,"sessions":0,"startsAt":"2026-12-02T09:00:00Z"}""", "sessions", "sessions is 0");
        yield return Case("fractional sessions", """{"groupId":1,"packageId":1,"sessions":1.5,"startsAt":"2026-12-02T09:00:00Z"}""", "sessions", "sessions is 1.5");
        yield return Case("end before start", """{"groupId":1,"packageId":1,"startsAt":"2026-12-02T09:00:00Z","endsAt":"2026-12-01T09:00:00Z"}""", "endsAt", "is not after startsAt");
        yield return Case("end at start", """{"groupId":1,"packageId":1,"startsAt":"2026-12-02T09:00:00Z","endsAt":"2026-12-02T18:00:00+09:00"}""", "endsAt", "is not after startsAt");
        yield return Case("malformed start", """{"groupId":1,"packageId":1,"startsAt":"2026-12-32T09:00:00Z"}""", "startsAt", "startsAt is \"2026-12-32T09:00:00Z\", which is not a time");
        yield return Case("malformed end", """{"groupId":1,"packageId":1,"startsAt":"2026-12-02T09:00:00Z","endsAt":"next week"}""", "endsAt", "endsAt is \"next week\"");
        yield return Case("missing start", """{"groupId":1,"packageId":1}""", "startsAt", "startsAt is missing");
        yield return Case("missing group", """{"packageId":1,"startsAt":"2026-12-02T09:00:00Z"}""", "groupId", "groupId is missing");
        yield return Case("group as text", """{"groupId":"1","packageId":1,"startsAt":"2026-12-02T09:00:00Z"}""", "groupId", "groupId is \"1\"");
        yield return Case("unknown field", """{"groupId":1,"packageId":1,"count":-1,"startsAt":"2026-12-02T09:00:00Z"}""", "count", "There is no field 'count'");
        yield return Case("not an object", "[1, 2]", "body", "must be a JSON object");
        yield return Case("not JSON", "{\"groupId\":", "body", "not valid JSON");
    }

    [TestCaseSource(nameof(BadBulkPasses))]
    public async Task A_bad_bulk_pass_is_a_400_naming_the_field_and_writes_nothing(string body, string field, string message)
    {
        var before = await CountRowsAsync();

        var response = await PostAsync(body);

        var errors = await ShouldBeFieldErrorAsync(response, field, message);
        errors.Should().ContainSingle("only {0} is wrong", field);
        (await CountRowsAsync()).Should().Be(before);
    }

    [Test]
    public async Task A_bulk_pass_with_every_field_wrong_names_each_of_them()
    {
        var response = await PostAsync("""{"groupId":99,"packageId":98,"sessions":-1,"startsAt":"yesterday","endsAt":"2026-13-01"}""");

        var errors = await ShouldBeFieldErrorAsync(response, "groupId", "There is no group 99");
        errors.Select(e => e.Key).Should().BeEquivalentTo(["groupId", "packageId", "sessions", "startsAt", "endsAt"]);
    }

    [Test]
    public async Task A_bulk_pass_sent_as_a_form_is_refused_with_415_and_writes_nothing()
    {
        var before = await CountRowsAsync();
        using var request = WithKey(HttpMethod.Post, "api/admin/bulk-passes");
        request.Content = new FormUrlEncodedContent([new("groupId", "1"), new("packageId", "1"), new("startsAt", "2026-12-02T09:00:00Z")]);

        var response = await Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await response.Content.ReadAsStringAsync()).Should().Contain("application/json");
        (await CountRowsAsync()).Should().Be(before);
    }

    [TestCase("GET", "api/admin/catalog")]
    [TestCase("GET", "api/admin/bulk-passes")]
    [TestCase("GET", "api/admin/statistics?from=2026-11-30&to=2026-12-01")]
    [TestCase("POST", "api/admin/bulk-passes")]
    public async Task The_admin_APIs_refuse_a_request_without_the_key_401_and_with_a_wrong_key_403(string method, string path)
    {
        var before = await CountRowsAsync();

        using var bare = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(ValidBody) };
        var missing = await Http.SendAsync(bare);
        using var wrong = WithKey(new HttpMethod(method), path, AdminKey + "x");
        wrong.Content = Json(ValidBody);
        var refused = await Http.SendAsync(wrong);

        missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await missing.Content.ReadAsStringAsync()).Should().Contain("needs the admin key, in the X-Admin-Key header");
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("The admin key in the X-Admin-Key header is wrong.");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Test]
    public async Task Without_a_configured_key_every_admin_request_is_refused_with_how_to_set_one()
    {
        await using var closed = await StartWebAsync(adminKey: null);
        using var http = new HttpClient { BaseAddress = closed.BaseUri };
        var before = await CountRowsAsync();

        foreach (var key in new[] { string.Empty, AdminKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/bulk-passes") { Content = Json(ValidBody) };
            if (key.Length > 0)
            {
                request.Headers.Add("X-Admin-Key", key);
            }

            var response = await http.SendAsync(request);

            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await response.Content.ReadAsStringAsync()).Should().Contain("no admin key is configured").And.Contain("Pass__Web__AdminKey");
        }

        (await http.GetAsync("api/admin/catalog")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await http.GetAsync("api/members/1/passes")).StatusCode.Should().Be(HttpStatusCode.OK, "the member side needs no admin key");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Test]
    public async Task A_request_naming_another_host_is_refused_so_a_rebound_DNS_name_cannot_reach_the_server()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/members/1/passes");
        request.Headers.Host = "evil.example";

        (await Http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Http.GetAsync("api/members/1/passes")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Statistics_of_a_range_are_its_hourly_rows_and_a_total_for_every_day_of_it()
    {
        await PassWebStatistics.InsertAsync(Database);

        var view = JsonNode.Parse(await SendWithKeyAsync(HttpMethod.Get, "api/admin/statistics?from=2026-11-30&to=2026-12-03"));

        JsonNode.DeepEquals(view, JsonNode.Parse("""
            {"from":"2026-11-30","to":"2026-12-03",
             "hourly":[
               {"hour":"2026-11-30T00:00:00Z","all":3,"attended":1,"cancelled":1},
               {"hour":"2026-11-30T09:00:00Z","all":5,"attended":3,"cancelled":1},
               {"hour":"2026-12-01T10:00:00Z","all":4,"attended":4,"cancelled":0},
               {"hour":"2026-12-03T23:00:00Z","all":1,"attended":0,"cancelled":1}],
             "daily":[
               {"date":"2026-11-30","all":8,"attended":4,"cancelled":2},
               {"date":"2026-12-01","all":4,"attended":4,"cancelled":0},
               {"date":"2026-12-02","all":0,"attended":0,"cancelled":0},
               {"date":"2026-12-03","all":1,"attended":0,"cancelled":1}],
             "total":{"all":13,"attended":8,"cancelled":3}}
            """)).Should().BeTrue(view!.ToJsonString());
    }

    [Test]
    public async Task Statistics_show_what_make_statistics_wrote()
    {
        await RunCompleted("run", "make-statistics", "from:date=2026-11-25", "to:date=2026-12-02", "-output=" + Path.Combine(Path.GetTempPath(), "pass-web-reports-" + Guid.NewGuid().ToString("N")));
        await using var db = Database.CreateContext();
        var rows = await db.Statistics.AsNoTracking().OrderBy(s => s.Hour).ToListAsync();

        var view = JsonNode.Parse(await SendWithKeyAsync(HttpMethod.Get, "api/admin/statistics?from=2026-11-25&to=2026-12-02"));

        rows.Should().NotBeEmpty();
        view!["hourly"]!.AsArray().Select(h => (h!["hour"]!.GetValue<string>(), h["all"]!.GetValue<int>(), h["attended"]!.GetValue<int>(), h["cancelled"]!.GetValue<int>()))
            .Should().Equal(rows.Select(r => (T(r.Hour), r.AllCount, r.AttendedCount, r.CancelledCount)));
        view["total"]!["all"]!.GetValue<long>().Should().Be(rows.Sum(r => r.AllCount)).And.Be(13, "the 13 bookings of the data set are in the range");
        view["daily"]!.AsArray().Should().HaveCount(8);
    }

    [TestCase("from=2026-11-31&to=2026-12-01", "from", "from is '2026-11-31', which is not a day")]
    [TestCase("from=2026-12-01&to=1%2F12%2F2026", "to", "to is '1/12/2026', which is not a day")]
    [TestCase("from=2026-12-02&to=2026-12-01", "to", "is before from")]
    [TestCase("to=2026-12-01", "from", "from is missing")]
    [TestCase("from=2025-01-01&to=2026-12-01", "to", "more than 366 days")]
    public async Task Statistics_of_a_bad_range_is_a_400_naming_the_field(string query, string field, string message)
    {
        using var request = WithKey(HttpMethod.Get, "api/admin/statistics?" + query);

        var errors = await ShouldBeFieldErrorAsync(await Http.SendAsync(request), field, message);

        errors.Should().ContainSingle();
    }

    private static string T(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var request = WithKey(HttpMethod.Post, "api/admin/bulk-passes");
        request.Content = Json(body);
        return await Http.SendAsync(request);
    }

    private async Task<string> SendWithKeyAsync(HttpMethod method, string path)
    {
        using var request = WithKey(method, path);
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return text;
    }

    private async Task<JsonNode?> GetJsonAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonNode.Parse(text);
    }

    /// <summary>Checks a 400 ProblemDetails whose errors name <paramref name="field"/> with <paramref name="message"/>; returns its errors.</summary>
    private static async Task<Dictionary<string, string[]>> ShouldBeFieldErrorAsync(HttpResponseMessage response, string field, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<Problem>();
        problem!.Errors.Should().ContainKey(field, text);
        problem.Errors[field].Should().Contain(m => m.Contains(message, StringComparison.Ordinal), text);
        return problem.Errors;
    }

    private sealed record Problem(string Title, int Status, string Detail, Dictionary<string, string[]> Errors);
}
