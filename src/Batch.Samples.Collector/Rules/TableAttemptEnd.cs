namespace Samples.Collector.Rules;

/// <summary>How one attempt at a table ended: what the log row and the status row get.</summary>
/// <param name="Status">SUCCESS or FAILED.</param>
/// <param name="ReadCount">Rows read in this attempt.</param>
/// <param name="WriteCount">Rows written in this attempt.</param>
/// <param name="Verification">The verified counts and checksums, when the copy got as far.</param>
/// <param name="Message">Why it failed (or null).</param>
public sealed record TableAttemptEnd(string Status, long ReadCount, long WriteCount, Collect.TableVerification? Verification, string? Message);
