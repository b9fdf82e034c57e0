namespace Samples.Pass;

/// <summary>A message to a member (a class starts soon, a pass expires soon), sent once by notify-before-class.</summary>
public sealed class Notification
{
    /// <summary>The notification's id.</summary>
    public long Id { get; set; }

    /// <summary>Why it is sent.</summary>
    public NotificationEvent Event { get; set; }

    /// <summary>The member.</summary>
    public long MemberId { get; set; }

    /// <summary>The booking it is about (a class), or null.</summary>
    public long? BookingId { get; set; }

    /// <summary>The pass it is about (an expiry), or null.</summary>
    public long? PassId { get; set; }

    /// <summary>The member's phone number.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <summary>The text.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>Whether it was sent.</summary>
    public bool Sent { get; set; }

    /// <summary>When it was sent (UTC), or null.</summary>
    public DateTime? SentAt { get; set; }
}
