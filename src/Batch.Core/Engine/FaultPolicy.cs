using Batch.Faults;
using Polly;
using Polly.Retry;

namespace Batch.Engine;

/// <summary>
/// The fault-tolerance decisions of one chunk step execution: what is retried (through a Polly retry
/// pipeline on the runtime's clock), what is skipped, what does not roll back, and the skip limit.
/// </summary>
internal sealed class FaultPolicy
{
    private readonly FaultRules _rules;
    private readonly string _stepName;

    public FaultPolicy(FaultRules rules, JobRuntime runtime, string stepName)
    {
        _rules = rules;
        _stepName = stepName;
        Classifier = rules.Classifier ?? runtime.ExceptionClassifier;
        Retry = rules.RetryLimit <= 1 ? ResiliencePipeline.Empty : CreateRetry(rules, runtime, stepName);
    }

    public IExceptionClassifier Classifier { get; }

    /// <summary>Runs an operation with retries; the operation key of its context names it in the log.</summary>
    public ResiliencePipeline Retry { get; }

    /// <summary>Failures that end the step whatever the rules say: stop requests, timeouts, the skip limit.</summary>
    public static bool IsFatal(Exception exception) =>
        exception is OperationCanceledException or StepTimeoutException or SkipLimitExceededException;

    public bool IsRetryable(Exception exception) =>
        !IsFatal(exception) && (_rules.Retry.Decide(exception) ?? Classifier.Classify(exception) == ExceptionCategory.Transient);

    public bool IsSkippable(Exception exception, long skipCount)
    {
        if (IsFatal(exception))
        {
            return false;
        }

        return _rules.SkipPolicy?.ShouldSkip(exception, skipCount)
            ?? _rules.Skip.Decide(exception)
            ?? Classifier.Classify(exception) == ExceptionCategory.Business;
    }

    public bool IsNoRollback(Exception exception) => !IsFatal(exception) && _rules.NoRollback.Decide(exception) == true;

    /// <summary>Throws when one more skip would go over the limit.</summary>
    public void CheckSkipLimit(long skipCount, Exception cause, string? position)
    {
        if (skipCount < _rules.SkipLimit)
        {
            return;
        }

        throw new SkipLimitExceededException(
            $"Step '{_stepName}' reached its skip limit of {_rules.SkipLimit} (items skipped so far: {skipCount}) and failed on one more: " +
            $"{cause.GetType().Name}: {cause.Message}{(position is null ? string.Empty : $" (at {position})")}. " +
            "Correct the input, or raise the limit with .SkipLimit(n), then restart the job; skipped and written items are not processed again.",
            cause);
    }

    private ResiliencePipeline CreateRetry(FaultRules rules, JobRuntime runtime, string stepName)
    {
        var options = new RetryStrategyOptions
        {
            MaxRetryAttempts = rules.RetryLimit - 1,
            Delay = rules.BackoffDelay,
            BackoffType = rules.BackoffType,
            MaxDelay = rules.MaxBackoffDelay,
            UseJitter = rules.UseJitter,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsRetryable(ex)),
            OnRetry = args =>
            {
                FaultLog.Retrying(runtime, stepName, args.Context.OperationKey ?? "run", args.AttemptNumber + 1, rules.RetryLimit, args.RetryDelay, args.Outcome.Exception!);
                return ValueTask.CompletedTask;
            },
        };
        return new ResiliencePipelineBuilder { TimeProvider = runtime.TimeProvider }.AddRetry(options).Build();
    }
}
