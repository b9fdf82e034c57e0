using System.Globalization;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// One pass job of the pass workload and the same change written by hand as one SQL statement (seed 002's "can it be one
/// INSERT … SELECT?"): the job's parameters, the steps whose time is compared with the statement (none: the whole job), how to count the
/// job's items, the items it must process (counted on the data before), the statement, and a checksum of the rows both must leave.
/// </summary>
/// <param name="Job">The job's name.</param>
/// <param name="Parameters">The job's parameters, in text form.</param>
/// <param name="Items">What the rows per second count.</param>
/// <param name="Steps">The steps timed against the statement; empty for the whole job (launch included).</param>
/// <param name="ItemsOf">The items the job processed, from its step executions.</param>
/// <param name="CandidatesSql">Counts the items the job must process, on the data before either runs.</param>
/// <param name="ChangeSql">The hand-written statement.</param>
/// <param name="ChecksumSql">One text value over the rows the change touches; the job's database and the statement's must agree.</param>
internal sealed record PassJobCase(
    string Job, string Parameters, string Items, string[] Steps, Func<JobExecution, long> ItemsOf, string CandidatesSql, string ChangeSql, string ChecksumSql)
{
    /// <summary>The time the data set is seeded around and every job runs at.</summary>
    public static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>make-statistics' range: every day that has bookings (three weeks before the anchor to one week after).</summary>
    public static readonly DateOnly From = DateOnly.FromDateTime(Now).AddDays(-21);

    /// <summary>The range's last day.</summary>
    public static readonly DateOnly To = DateOnly.FromDateTime(Now).AddDays(7);

    /// <summary>The statements' parameters, by name (each statement gets those it names).</summary>
    public static readonly IReadOnlyDictionary<string, object> SqlParameters = new Dictionary<string, object>
    {
        ["now"] = Now,
        ["class_until"] = Now.AddMinutes(10),
        ["expiry_until"] = Now.AddDays(3),
        ["start"] = From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        ["end"] = To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
    };

    private static string NowText => Now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static IReadOnlyList<PassJobCase> All(string reportFolder) =>
    [
        new(
            "expire-passes", $"now:datetime={NowText}", "passes expired", [], e => Step(e, "expire").WriteCount,
            "SELECT count(*) FROM pass_pass WHERE status = 'ACTIVE' AND (ends_at <= @now OR remaining_sessions <= 0)",
            "UPDATE pass_pass SET status = 'EXPIRED', expired_at = @now WHERE status = 'ACTIVE' AND (ends_at <= @now OR remaining_sessions <= 0)",
            "SELECT md5(string_agg(concat_ws(':', id, status, coalesce(expired_at::text, '-')), ',' ORDER BY id)) FROM pass_pass"),
        new(
            "add-passes", $"now:datetime={NowText}", "passes issued", [], e => Step(e, "add").ExecutionContext.GetLong("add.issued", 0),
            "SELECT count(*) FROM pass_bulk_pass b JOIN pass_group_member g ON g.group_id = b.group_id WHERE b.status = 'READY' AND b.starts_at <= @now",
            """
            WITH due AS (
                UPDATE pass_bulk_pass b SET status = 'COMPLETED', issued_at = @now,
                    issued_count = (SELECT count(*) FROM pass_group_member g WHERE g.group_id = b.group_id)
                WHERE b.status = 'READY' AND b.starts_at <= @now
                RETURNING b.id, b.package_id, b.group_id, b.starts_at, b.ends_at, b.sessions)
            INSERT INTO pass_pass (package_id, member_id, status, starts_at, ends_at, remaining_sessions, bulk_pass_id)
            SELECT due.package_id, g.member_id, 'ACTIVE', due.starts_at, due.ends_at, due.sessions, due.id
            FROM due JOIN pass_group_member g ON g.group_id = due.group_id
            ORDER BY due.starts_at, due.id, g.member_id
            """,
            """
            SELECT (SELECT md5(string_agg(concat_ws(':', id, package_id, member_id, status, starts_at, ends_at, coalesce(remaining_sessions::text, '-'),
                        coalesce(expired_at::text, '-'), coalesce(bulk_pass_id::text, '-')), ',' ORDER BY id)) FROM pass_pass)
                || (SELECT md5(string_agg(concat_ws(':', id, status, coalesce(issued_at::text, '-'), issued_count), ',' ORDER BY id)) FROM pass_bulk_pass)
            """),
        new(
            "notify-before-class", $"now:datetime={NowText}", "notifications collected", ["collect", "collect-expiring"],
            e => Step(e, "collect").WriteCount + Step(e, "collect-expiring").WriteCount,
            $"SELECT (SELECT count(*) FROM ({ClassReminders}) c) + (SELECT count(*) FROM ({ExpiryReminders}) x)",
            $"""
            INSERT INTO pass_notification (event, member_id, booking_id, pass_id, phone, text, sent)
            SELECT * FROM ({ClassReminders} ORDER BY b.id) classes
            UNION ALL
            SELECT * FROM ({ExpiryReminders} ORDER BY p.id) passes
            """,
            "SELECT md5(string_agg(concat_ws(':', id, event, member_id, coalesce(booking_id::text, '-'), coalesce(pass_id::text, '-'), phone, text), ',' ORDER BY id)) FROM pass_notification"),
        new(
            "use-passes", $"now:datetime={NowText}", "bookings used", [], e => Step(e, "use").WriteCount,
            $"SELECT count(*) FROM pass_booking WHERE {AttendedNotUsed}",
            $"""
            WITH per_pass AS (SELECT pass_id, count(*) AS n FROM pass_booking WHERE {AttendedNotUsed} GROUP BY pass_id),
            taken AS (
                UPDATE pass_pass p SET remaining_sessions = CASE WHEN p.remaining_sessions > per_pass.n THEN p.remaining_sessions - per_pass.n ELSE 0 END
                FROM per_pass WHERE p.id = per_pass.pass_id AND p.remaining_sessions IS NOT NULL)
            UPDATE pass_booking SET used_pass = true WHERE {AttendedNotUsed}
            """,
            """
            SELECT (SELECT md5(string_agg(concat_ws(':', id, used_pass), ',' ORDER BY id)) FROM pass_booking)
                || (SELECT md5(string_agg(concat_ws(':', id, coalesce(remaining_sessions::text, '-')), ',' ORDER BY id)) FROM pass_pass)
            """),
        new(
            "make-statistics",
            string.Create(CultureInfo.InvariantCulture, $"from:date={From:yyyy-MM-dd}&to:date={To:yyyy-MM-dd}&-output={reportFolder}"),
            "bookings aggregated", [], e => Step(e, "aggregate").ReadCount,
            "SELECT count(*) FROM pass_booking WHERE class_starts_at >= @start AND class_starts_at < @end",
            """
            DELETE FROM pass_statistic WHERE hour >= @start AND hour < @end;
            INSERT INTO pass_statistic (hour, all_count, attended_count, cancelled_count)
            SELECT date_trunc('hour', class_starts_at, 'UTC'), count(*), count(*) FILTER (WHERE attended), count(*) FILTER (WHERE status = 'CANCELLED')
            FROM pass_booking WHERE class_starts_at >= @start AND class_starts_at < @end
            GROUP BY 1 ORDER BY 1
            """,
            "SELECT md5(string_agg(concat_ws(':', hour, all_count, attended_count, cancelled_count), ',' ORDER BY hour)) FROM pass_statistic"),
    ];

    /// <summary>use-passes' items: attended bookings of ended classes whose session was not taken.</summary>
    private const string AttendedNotUsed = "status = 'COMPLETED' AND attended AND NOT used_pass AND class_ends_at <= @now";

    /// <summary>collect's notifications, the text as ClassReminderProcessor writes it.</summary>
    private const string ClassReminders = """
        SELECT 'BEFORE_CLASS' AS event, m.id AS member_id, b.id AS booking_id, NULL::bigint AS pass_id, m.phone,
            'Your class starts at ' || to_char(b.class_starts_at AT TIME ZONE 'UTC', 'HH24:MI') || ' UTC, in ' || x.minutes || ' minute'
                || CASE WHEN x.minutes = 1 THEN '' ELSE 's' END || '. Please check in at the front desk.' AS text,
            false AS sent
        FROM pass_booking b JOIN pass_member m ON m.id = b.member_id
        CROSS JOIN LATERAL (SELECT ceil(extract(epoch FROM b.class_starts_at - @now) / 60)::int AS minutes) x
        WHERE b.status = 'READY' AND b.class_starts_at > @now AND b.class_starts_at <= @class_until
            AND NOT EXISTS (SELECT 1 FROM pass_notification n WHERE n.event = 'BEFORE_CLASS' AND n.booking_id = b.id)
        """;

    /// <summary>collect-expiring's notifications, the text as the job writes it.</summary>
    private const string ExpiryReminders = """
        SELECT 'BEFORE_EXPIRY', m.id, NULL::bigint, p.id, m.phone,
            'Your pass ends on ' || to_char(p.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC'
                || CASE WHEN p.remaining_sessions IS NULL THEN '.'
                        ELSE ' with ' || p.remaining_sessions || ' session' || CASE WHEN p.remaining_sessions = 1 THEN '' ELSE 's' END || ' left.' END,
            false
        FROM pass_pass p JOIN pass_member m ON m.id = p.member_id
        WHERE p.status = 'ACTIVE' AND p.ends_at > @now AND p.ends_at <= @expiry_until AND (p.remaining_sessions IS NULL OR p.remaining_sessions > 0)
            AND NOT EXISTS (SELECT 1 FROM pass_notification n WHERE n.event = 'BEFORE_EXPIRY' AND n.pass_id = p.id)
        """;

    private static StepExecution Step(JobExecution execution, string name) =>
        execution.StepExecutions.LastOrDefault(s => s.StepName == name)
        ?? throw new InvalidOperationException($"The {execution.JobInstance.JobName} execution has no step '{name}'.");
}
