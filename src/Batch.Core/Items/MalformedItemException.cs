namespace Batch.Items;

/// <summary>
/// A record of the input is malformed: a business error (an operator can correct the input), so a
/// fault-tolerant step skips it by default. It carries the record's position for the recovery log
/// and the skip listeners.
/// </summary>
/// <example>
/// <code>
/// if (!decimal.TryParse(fields[3], out var amount))
/// {
///     throw new MalformedItemException($"Field 'amount' is not a number: '{fields[3]}'.", $"line {lineNumber}");
/// }
/// </code>
/// </example>
public class MalformedItemException : BusinessException
{
    /// <summary>Creates the exception with the default recovery step (correct the record).</summary>
    /// <param name="message">What is wrong with the record.</param>
    /// <param name="position">Where the record is (for example <c>line 17</c> or <c>key 4711</c>).</param>
    /// <param name="innerException">The parse error, if any.</param>
    public MalformedItemException(string message, string? position, Exception? innerException = null)
        : base(message, innerException, DefaultRecoveryStep(position))
    {
        Position = position;
    }

    /// <summary>Creates the exception with its own recovery steps.</summary>
    /// <param name="message">What is wrong with the record.</param>
    /// <param name="position">Where the record is.</param>
    /// <param name="innerException">The parse error, if any.</param>
    /// <param name="recoverySteps">What the operator should do.</param>
    public MalformedItemException(string message, string? position, Exception? innerException, params IReadOnlyList<string> recoverySteps)
        : base(message, innerException, recoverySteps)
    {
        Position = position;
    }

    /// <summary>Where the record is, or null when unknown.</summary>
    public string? Position { get; }

    private static string DefaultRecoveryStep(string? position) =>
        $"Correct the record{(position is null ? string.Empty : " at " + position)} in the input and load it again if it is needed.";
}
