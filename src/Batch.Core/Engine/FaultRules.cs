using Batch.Faults;

namespace Batch.Engine;

/// <summary>A chunk step's fault-tolerance settings, copied from its <see cref="FaultToleranceOptions"/> when the step is built.</summary>
internal sealed class FaultRules
{
    public FaultRules(FaultToleranceOptions options)
    {
        if (options.RetryLimit < 1)
        {
            throw new ArgumentException($"The retry limit is {options.RetryLimit}; it counts attempts and must be at least 1 (1 turns retry off).", nameof(options));
        }

        if (options.SkipLimit < 0)
        {
            throw new ArgumentException($"The skip limit is {options.SkipLimit}; it must be 0 or more.", nameof(options));
        }

        RetryLimit = options.RetryLimit;
        BackoffDelay = options.BackoffDelay;
        BackoffType = options.BackoffType;
        MaxBackoffDelay = options.MaxBackoffDelay;
        UseJitter = options.UseJitter;
        SkipLimit = options.SkipLimit;
        SkipPolicy = options.SkipPolicy;
        Classifier = options.Classifier;
        Retry = new ExceptionTypeRules(options.RetryableExceptions, options.NonRetryableExceptions);
        Skip = new ExceptionTypeRules(options.SkippableExceptions, options.NonSkippableExceptions);
        NoRollback = new ExceptionTypeRules(options.NoRollbackExceptions, []);
    }

    public int RetryLimit { get; }

    public TimeSpan BackoffDelay { get; }

    public Polly.DelayBackoffType BackoffType { get; }

    public TimeSpan? MaxBackoffDelay { get; }

    public bool UseJitter { get; }

    public long SkipLimit { get; }

    public ISkipPolicy? SkipPolicy { get; }

    public IExceptionClassifier? Classifier { get; }

    public ExceptionTypeRules Retry { get; }

    public ExceptionTypeRules Skip { get; }

    public ExceptionTypeRules NoRollback { get; }
}
