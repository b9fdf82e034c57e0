namespace Samples.Pass;

/// <summary>The bookings of one hour: all, attended and cancelled (made by make-statistics).</summary>
public sealed class HourlyStatistic
{
    /// <summary>The row's id.</summary>
    public long Id { get; set; }

    /// <summary>The hour's start (UTC); unique.</summary>
    public DateTime Hour { get; set; }

    /// <summary>The bookings of classes starting in the hour.</summary>
    public int AllCount { get; set; }

    /// <summary>Those attended.</summary>
    public int AttendedCount { get; set; }

    /// <summary>Those cancelled.</summary>
    public int CancelledCount { get; set; }
}
