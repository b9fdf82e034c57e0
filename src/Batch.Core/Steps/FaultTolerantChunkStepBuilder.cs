using Batch.Faults;
using Batch.Listeners;
using Polly;

namespace Batch.Steps;

/// <summary>
/// Configures retry and skip for a chunk step (Spring Batch's <c>faultTolerant()</c> vocabulary).
/// Returned by <see cref="ChunkStepBuilder{TIn, TOut}.FaultTolerant"/>; see <see cref="FaultToleranceOptions"/>
/// for what each setting means and its default.
/// </summary>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
/// <example>
/// <code>
/// IStep load = new StepBuilder("load")
///     .Chunk&lt;string, Order&gt;(100)
///     .Reader(ctx =&gt; new LineReader(ctx.JobParameters.GetString("file")))
///     .Processor(new OrderParser())          // throws MalformedItemException for a bad line
///     .Writer(new OrderWriter())
///     .FaultTolerant()
///         .Skip&lt;MalformedItemException&gt;().SkipLimit(5)
///         .Retry&lt;TimeoutException&gt;().RetryLimit(3).Backoff(TimeSpan.FromSeconds(2))
///         .Listener(new SkippedRecordsReport())
///     .Build();
/// </code>
/// </example>
public sealed class FaultTolerantChunkStepBuilder<TIn, TOut>
{
    private readonly ChunkStepBuilder<TIn, TOut> _parent;

    internal FaultTolerantChunkStepBuilder(ChunkStepBuilder<TIn, TOut> parent, FaultToleranceOptions options)
    {
        _parent = parent;
        Options = options;
    }

    /// <summary>The settings being built.</summary>
    public FaultToleranceOptions Options { get; }

    /// <summary>Retries <typeparamref name="TException"/> (and subclasses), whatever its classification.</summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> Retry<TException>()
        where TException : Exception
    {
        Options.RetryableExceptions.Add(typeof(TException));
        return this;
    }

    /// <summary>Never retries <typeparamref name="TException"/> (and subclasses).</summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> NoRetry<TException>()
        where TException : Exception
    {
        Options.NonRetryableExceptions.Add(typeof(TException));
        return this;
    }

    /// <summary>Sets how many attempts an item (process) or chunk (write) gets, the first included.</summary>
    /// <param name="attempts">At least 1; 1 turns retry off.</param>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> RetryLimit(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        Options.RetryLimit = attempts;
        return this;
    }

    /// <summary>Sets the wait between attempts.</summary>
    /// <param name="delay">The delay before the first retry (zero retries at once).</param>
    /// <param name="type">How the delay grows.</param>
    /// <param name="maxDelay">The longest delay, or null for no cap.</param>
    /// <param name="jitter">Whether to add random jitter.</param>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> Backoff(TimeSpan delay, DelayBackoffType type = DelayBackoffType.Exponential, TimeSpan? maxDelay = null, bool jitter = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Options.BackoffDelay = delay;
        Options.BackoffType = type;
        Options.MaxBackoffDelay = maxDelay;
        Options.UseJitter = jitter;
        return this;
    }

    /// <summary>Skips the item that caused <typeparamref name="TException"/> (and subclasses), whatever its classification.</summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> Skip<TException>()
        where TException : Exception
    {
        Options.SkippableExceptions.Add(typeof(TException));
        return this;
    }

    /// <summary>Never skips on <typeparamref name="TException"/> (and subclasses): it fails the step.</summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> NoSkip<TException>()
        where TException : Exception
    {
        Options.NonSkippableExceptions.Add(typeof(TException));
        return this;
    }

    /// <summary>Sets how many items may be skipped in the step of one job instance (restarts included).</summary>
    /// <param name="limit">0 or more.</param>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> SkipLimit(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Options.SkipLimit = limit;
        return this;
    }

    /// <summary>Decides skips with a policy instead of the skip rules and the classification (the skip limit still applies).</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> SkipPolicy(ISkipPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Options.SkipPolicy = policy;
        return this;
    }

    /// <summary>Does not roll the chunk back when the writer throws <typeparamref name="TException"/> (see <see cref="FaultToleranceOptions.NoRollbackExceptions"/>).</summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> NoRollback<TException>()
        where TException : Exception
    {
        Options.NoRollbackExceptions.Add(typeof(TException));
        return this;
    }

    /// <summary>Uses another classification for this step's skip and retry defaults.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> Classifier(IExceptionClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        Options.Classifier = classifier;
        return this;
    }

    /// <summary>Adds a listener: an <see cref="ISkipListener{TIn, TOut}"/> or any listener <see cref="ChunkStepBuilder{TIn, TOut}.Listener"/> takes.</summary>
    /// <param name="listener">The listener.</param>
    /// <returns>This builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> Listener(object listener)
    {
        _parent.Listener(listener);
        return this;
    }

    /// <summary>Builds the step.</summary>
    /// <returns>The step.</returns>
    public ChunkStep<TIn, TOut> Build() => _parent.Build();
}
