namespace Samples.Pass.Web;

/// <summary>
/// The pages' HTML: a frame (title, navigation) and a body per page, with the elements the script fills (ids named after what they show).
/// No data is in the HTML; the script of <see cref="PassWebScript"/> loads it from the APIs.
/// </summary>
internal static class PassWebHtml
{
    public static readonly string Index = Layout("index", "Fitness club", """
        <p>The pass sample's pages (seed 003). Times are UTC.</p>
        <ul class="links">
          <li><a href="/members">A member's passes</a>: what a member holds, sessions left, validity, status.</li>
          <li><a href="/admin/bulk-passes">Register a bulk pass</a> (admin): passes for every member of a group, issued by <code>add-passes</code>.</li>
          <li><a href="/admin/statistics">Statistics</a> (admin): bookings per day and per hour, from <code>make-statistics</code>.</li>
        </ul>
        """);

    public static readonly string MemberPasses = Layout("member", "A member's passes", """
        <form id="member-form" class="inline">
          <label for="member-id">Member number</label>
          <input id="member-id" name="memberId" inputmode="numeric" autocomplete="off" required>
          <button type="submit">Show passes</button>
        </form>
        <p id="error" class="error" role="alert" hidden></p>
        <section id="member" hidden>
          <h2 id="member-name"></h2>
          <p id="summary"></p>
          <table id="passes">
            <thead><tr><th>Pass</th><th>Package</th><th>Sessions left</th><th>Starts</th><th>Ends</th><th>Status</th></tr></thead>
            <tbody></tbody>
          </table>
        </section>
        """);

    public static readonly string BulkPass = Layout("bulk-pass", "Register a bulk pass", AdminKeyForm + """
        <section id="admin" hidden>
          <p>Every member of the group gets a pass of the package once the start has come and <code>add-passes</code> runs.</p>
          <form id="bulk-form" novalidate>
            <p id="form-error" class="error" role="alert" hidden></p>
            <div class="field"><label for="groupId">Group</label><select id="groupId" name="groupId"></select><span class="field-error" data-error-for="groupId"></span></div>
            <div class="field"><label for="packageId">Package</label><select id="packageId" name="packageId"></select><span class="field-error" data-error-for="packageId"></span></div>
            <div class="field"><label for="sessions">Sessions per pass</label><input id="sessions" name="sessions" type="number" step="1" placeholder="the package's"><span class="field-error" data-error-for="sessions"></span></div>
            <div class="field"><label for="startsAt">Start (UTC)</label><input id="startsAt" name="startsAt" type="datetime-local" step="60"><span class="field-error" data-error-for="startsAt"></span></div>
            <div class="field"><label for="endsAt">End (UTC)</label><input id="endsAt" name="endsAt" type="datetime-local" step="60" placeholder="start + the package's days"><span class="field-error" data-error-for="endsAt"></span></div>
            <button type="submit" id="register">Register</button>
          </form>
          <p id="result" class="notice" role="status" hidden></p>
          <h2>Newest bulk passes</h2>
          <table id="bulk-passes">
            <thead><tr><th>#</th><th>Group</th><th>Package</th><th>Sessions</th><th>Starts</th><th>Ends</th><th>Status</th><th>Issued</th></tr></thead>
            <tbody></tbody>
          </table>
        </section>
        """);

    public static readonly string Statistics = Layout("statistics", "Statistics", AdminKeyForm + """
        <section id="admin" hidden>
          <form id="range-form" class="inline" novalidate>
            <label for="from">From</label><input id="from" name="from" type="date"><span class="field-error" data-error-for="from"></span>
            <label for="to">To</label><input id="to" name="to" type="date"><span class="field-error" data-error-for="to"></span>
            <button type="submit">Show</button>
          </form>
          <p id="form-error" class="error" role="alert" hidden></p>
          <section id="report" hidden>
            <p id="totals"></p>
            <h2>Bookings per day</h2>
            <p class="legend"><span class="swatch all"></span>all <span class="swatch attended"></span>attended <span class="swatch cancelled"></span>cancelled</p>
            <svg id="daily-chart" class="chart" role="img" aria-label="Bookings per day"></svg>
            <h2>Bookings per hour</h2>
            <svg id="hourly-chart" class="chart" role="img" aria-label="Bookings per hour"></svg>
            <table id="daily">
              <thead><tr><th>Day</th><th>All</th><th>Attended</th><th>Cancelled</th></tr></thead>
              <tbody></tbody>
            </table>
          </section>
        </section>
        """);

    /// <summary>The admin pages' key field: the key is kept in sessionStorage (this tab only) and sent as the X-Admin-Key header.</summary>
    private const string AdminKeyForm = """
        <p id="refusal" class="error" role="alert" hidden></p>
        <form id="key-form" class="inline" hidden>
          <label for="admin-key">Admin key</label>
          <input id="admin-key" name="adminKey" type="password" autocomplete="off" required>
          <button type="submit">Use key</button>
        </form>

        """;

    private static string Layout(string page, string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Fitness club</title>
        <link rel="stylesheet" href="/assets/pass-web.css">
        <script src="/assets/pass-web.js" defer></script>
        </head>
        <body data-page="{{page}}">
        <header><nav><a href="/">Fitness club</a><a href="/members">My passes</a><a href="/admin/bulk-passes">Bulk passes</a><a href="/admin/statistics">Statistics</a></nav></header>
        <main>
        <h1>{{title}}</h1>
        {{body}}
        </main>
        </body>
        </html>

        """;
}
