namespace Batch.Faults;

/// <summary>What kind of failure an exception is, as an <see cref="IExceptionClassifier"/> sees it.</summary>
public enum ExceptionCategory
{
    /// <summary>A system fault (a bug, a missing configuration, a server down for good): needs a developer; never skipped or retried by default.</summary>
    System = 0,

    /// <summary>A business error an operator can recover from (see <see cref="BusinessException"/>): skippable by default.</summary>
    Business = 1,

    /// <summary>A transient system fault (a timeout, a dropped connection) that may clear by itself: retryable by default.</summary>
    Transient = 2,
}
