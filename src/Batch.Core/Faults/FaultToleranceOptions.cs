using Batch.Engine;
using Polly;

namespace Batch.Faults;

/// <summary>
/// How a fault-tolerant chunk step retries and skips. Set through
/// <see cref="Steps.ChunkStepBuilder{TIn, TOut}.FaultTolerant"/>; the defaults follow the exception
/// classification: business errors are skipped (up to <see cref="SkipLimit"/>), transient faults are
/// retried (up to <see cref="RetryLimit"/> attempts), system faults fail the step.
/// </summary>
/// <remarks>
/// <para>Reads are never retried (a reader's position after a failed read is unknown); a failed read is
/// skipped or fails the step. Processing an item and writing a chunk are retried in place with backoff,
/// measured with the <see cref="TimeProvider"/> registered with the application (<see cref="Steps.StepContext.TimeProvider"/>); each chunk write attempt runs in its own transaction.</para>
/// <para>When writing a chunk fails with a skippable exception, the chunk is rolled back and its items are
/// written one at a time in a single new transaction (with a savepoint around each item when the
/// repository's transaction supports them), so the bad item is skipped and the good ones commit
/// together with the checkpoint: exactly once for transactional writers.</para>
/// <para>Rules for an exception type also cover its subclasses; the rule for the closest type wins.</para>
/// </remarks>
public sealed class FaultToleranceOptions
{
    /// <summary>Attempts per item (process) or chunk (write), the first included. Default 3; 1 turns retry off.</summary>
    public int RetryLimit { get; set; } = 3;

    /// <summary>The delay before the first retry. Default 1 second.</summary>
    public TimeSpan BackoffDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How the delay grows between retries. Default <see cref="DelayBackoffType.Exponential"/>.</summary>
    public DelayBackoffType BackoffType { get; set; } = DelayBackoffType.Exponential;

    /// <summary>The longest delay between retries, or null for no cap. Default 30 seconds.</summary>
    public TimeSpan? MaxBackoffDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether to add random jitter to the delays. Default false.</summary>
    public bool UseJitter { get; set; }

    /// <summary>
    /// How many items may be skipped (read, process and write skips together) in the step of one job
    /// instance, restarts included: skips committed by earlier executions count. Default 10.
    /// </summary>
    public long SkipLimit { get; set; } = 10;

    /// <summary>Exceptions that are retried, whatever their classification.</summary>
    public IList<Type> RetryableExceptions { get; } = new List<Type>();

    /// <summary>Exceptions that are never retried, whatever their classification.</summary>
    public IList<Type> NonRetryableExceptions { get; } = new List<Type>();

    /// <summary>Exceptions whose item is skipped, whatever their classification.</summary>
    public IList<Type> SkippableExceptions { get; } = new List<Type>();

    /// <summary>Exceptions that are never skipped, whatever their classification.</summary>
    public IList<Type> NonSkippableExceptions { get; } = new List<Type>();

    /// <summary>
    /// Exceptions from the writer that do not roll the chunk back: the chunk commits with its checkpoint
    /// as if the write had succeeded, and the exception is logged to the exception channel. (Reads and
    /// processing run before the chunk's transaction begins, so nothing is rolled back for them anyway.)
    /// </summary>
    public IList<Type> NoRollbackExceptions { get; } = new List<Type>();

    /// <summary>Decides skips instead of <see cref="SkippableExceptions"/>, <see cref="NonSkippableExceptions"/> and the classification; <see cref="SkipLimit"/> still applies. Null by default.</summary>
    public ISkipPolicy? SkipPolicy { get; set; }

    /// <summary>The classification for this step's defaults, or null to use the <see cref="IExceptionClassifier"/> registered in dependency injection.</summary>
    public IExceptionClassifier? Classifier { get; set; }
}
