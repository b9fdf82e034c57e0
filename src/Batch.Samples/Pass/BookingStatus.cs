namespace Samples.Pass;

/// <summary>The state of a class booking.</summary>
public enum BookingStatus
{
    /// <summary>Booked, the class has not started (stored as <c>READY</c>).</summary>
    Ready,

    /// <summary>The class took place (stored as <c>COMPLETED</c>); <see cref="Booking.Attended"/> says whether the member came.</summary>
    Completed,

    /// <summary>Cancelled by the member (stored as <c>CANCELLED</c>).</summary>
    Cancelled,
}
