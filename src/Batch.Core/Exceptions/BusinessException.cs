namespace Batch.Exceptions;

/// <summary>
/// A business (recoverable) error: one an operator can fix by following written recovery steps —
/// a malformed input record, an interface file that did not arrive, a run that missed its deadline.
/// Throw it (or a subclass) from readers, processors, writers and tasklets for errors the business
/// can anticipate; everything else is a system error.
/// </summary>
/// <remarks>
/// Business errors are logged to the <see cref="BatchLogCategories.Recovery"/> channel in plain words
/// with their <see cref="RecoverySteps"/>, without a stack trace; system errors go to the
/// <see cref="BatchLogCategories.Exception"/> channel with theirs. In a fault-tolerant chunk step,
/// business errors are skippable by default (see <see cref="Faults.DefaultExceptionClassifier"/>).
/// </remarks>
/// <example>
/// <code>
/// throw new BusinessException(
///     "The sales file from XXX did not arrive by 03:00.",
///     "If /home/xxx/sales/20151111.md5 exists by 05:00, restart the job.",
///     "If it has not arrived by 05:00, call the partner's on-call number (route A).");
/// </code>
/// </example>
public class BusinessException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, in plain words an operator understands.</param>
    /// <param name="recoverySteps">What the operator should do, in order.</param>
    public BusinessException(string message, params IReadOnlyList<string> recoverySteps)
        : this(message, null, recoverySteps)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What happened, in plain words an operator understands.</param>
    /// <param name="innerException">The cause.</param>
    /// <param name="recoverySteps">What the operator should do, in order.</param>
    public BusinessException(string message, Exception? innerException, params IReadOnlyList<string> recoverySteps)
        : base(message, innerException)
    {
        RecoverySteps = [.. recoverySteps ?? []];
    }

    /// <summary>What the operator should do to recover, in order; may be empty.</summary>
    public IReadOnlyList<string> RecoverySteps { get; }
}
