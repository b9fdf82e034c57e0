namespace Samples.Pass;

/// <summary>Why a notification is sent.</summary>
public enum NotificationEvent
{
    /// <summary>A booked class starts soon (stored as <c>BEFORE_CLASS</c>).</summary>
    BeforeClass,

    /// <summary>A pass expires soon; the text says how many sessions remain (stored as <c>BEFORE_EXPIRY</c>).</summary>
    BeforeExpiry,
}
