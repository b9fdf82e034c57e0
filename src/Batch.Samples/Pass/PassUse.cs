namespace Samples.Pass;

/// <summary>One session to take off a pass for an attended booking.</summary>
/// <param name="BookingId">The booking.</param>
/// <param name="PassId">Its pass.</param>
internal sealed record PassUse(long BookingId, long PassId);
