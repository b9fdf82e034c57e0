namespace Samples.Collector;

/// <summary>
/// A problem the operator can fix — a configuration, an argument, a registry entry, a missing database — with a message that
/// says what is wrong and what to do. The commands print it and exit non-zero.
/// </summary>
public sealed class CollectorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CollectorException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public CollectorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public CollectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exit code the command returns (2, a usage error, unless set).</summary>
    public int ExitCode { get; init; } = 2;
}
