namespace Samples.Pass.Web;

/// <summary>
/// What <c>GET /api/admin/statistics?from=…&amp;to=…</c> answers: the hourly rows make-statistics wrote for the class days of the range
/// (both days included, UTC), the daily totals of every day of the range (a day without rows counts zero) and the range's total.
/// </summary>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
/// <param name="Hourly">The <c>pass_statistic</c> rows of the range, by hour.</param>
/// <param name="Daily">One row per day of the range.</param>
/// <param name="Total">The sums over the range.</param>
internal sealed record StatisticsView(DateOnly From, DateOnly To, IReadOnlyList<HourStatisticView> Hourly, IReadOnlyList<DayStatisticView> Daily, BookingCounts Total);

/// <summary>The bookings of classes starting in one hour.</summary>
/// <param name="Hour">The hour's start (UTC).</param>
/// <param name="All">All bookings.</param>
/// <param name="Attended">Those attended.</param>
/// <param name="Cancelled">Those cancelled.</param>
internal sealed record HourStatisticView(DateTime Hour, int All, int Attended, int Cancelled);

/// <summary>The bookings of classes on one day (UTC).</summary>
/// <param name="Date">The day.</param>
/// <param name="All">All bookings.</param>
/// <param name="Attended">Those attended.</param>
/// <param name="Cancelled">Those cancelled.</param>
internal sealed record DayStatisticView(DateOnly Date, long All, long Attended, long Cancelled);

/// <summary>Sums of booking counts.</summary>
/// <param name="All">All bookings.</param>
/// <param name="Attended">Those attended.</param>
/// <param name="Cancelled">Those cancelled.</param>
internal sealed record BookingCounts(long All, long Attended, long Cancelled);
