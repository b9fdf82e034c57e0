namespace Samples.Pass;

/// <summary>A member's booking of a class, paid with one session of a pass.</summary>
public sealed class Booking
{
    /// <summary>The booking's id.</summary>
    public long Id { get; set; }

    /// <summary>The pass the class is paid with.</summary>
    public long PassId { get; set; }

    /// <summary>The member.</summary>
    public long MemberId { get; set; }

    /// <summary>Booked, completed or cancelled.</summary>
    public BookingStatus Status { get; set; }

    /// <summary>Whether the member came to the class.</summary>
    public bool Attended { get; set; }

    /// <summary>Whether use-passes has taken the session off the pass (set in the same transaction, so never twice).</summary>
    public bool UsedPass { get; set; }

    /// <summary>The class's start (UTC).</summary>
    public DateTime ClassStartsAt { get; set; }

    /// <summary>The class's end (UTC).</summary>
    public DateTime ClassEndsAt { get; set; }
}
