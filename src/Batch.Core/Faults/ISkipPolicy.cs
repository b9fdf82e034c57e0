namespace Batch.Faults;

/// <summary>
/// Decides whether a failure in a fault-tolerant chunk step may be skipped. The step's skip limit is
/// applied on top: a skippable failure beyond the limit fails the step with a
/// <see cref="SkipLimitExceededException"/>.
/// </summary>
/// <remarks>Called only when something failed, never on the happy path. Return false rather than throw: the policy runs inside an exception filter, where a throw counts as false.</remarks>
public interface ISkipPolicy
{
    /// <summary>Whether the item that caused <paramref name="exception"/> may be skipped.</summary>
    /// <param name="exception">The failure (after any retries).</param>
    /// <param name="skipCount">The skips so far in the step (this chunk and earlier executions included).</param>
    /// <returns>True to skip the item and go on; false to fail the step.</returns>
    bool ShouldSkip(Exception exception, long skipCount);
}
