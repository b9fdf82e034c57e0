namespace Samples.Pass;

/// <summary>A booking whose class starts soon, with the member's phone: what the collect step reads.</summary>
public sealed class ClassReminder
{
    /// <summary>The booking.</summary>
    public long BookingId { get; set; }

    /// <summary>The member.</summary>
    public long MemberId { get; set; }

    /// <summary>The member's phone.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <summary>The class's start (UTC).</summary>
    public DateTime ClassStartsAt { get; set; }
}
