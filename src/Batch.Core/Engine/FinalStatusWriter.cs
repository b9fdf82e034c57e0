using Batch.Faults;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Batch.Engine;

/// <summary>
/// Saves the end of a job or step execution, retrying transient faults (a dropped or refused connection, a database that is
/// shutting down or restarting) with exponential backoff on the runtime's clock for at most
/// <see cref="JobRuntime.FinalStatusRetryFor"/>, so that an outage of seconds ends FAILED (restartable) instead of leaving a
/// dead STARTED. Each retry is logged as a warning with its cause; success after a retry and giving up are logged too.
/// A stale version (<see cref="OptimisticLockingFailureException"/>) and other faults are not retried.
/// </summary>
internal sealed partial class FinalStatusWriter
{
    /// <summary>The first delay; each next one doubles, up to <see cref="MaxDelay"/>.</summary>
    internal static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest delay between two attempts.</summary>
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private static readonly ResiliencePropertyKey<Attempt> AttemptKey = new("Batch.FinalStatus");

    private readonly JobRuntime _runtime;
    private readonly ILogger _logger;
    private ResiliencePipeline? _pipeline;

    public FinalStatusWriter(JobRuntime runtime)
    {
        _runtime = runtime;
        _logger = runtime.LoggerFactory.CreateLogger(BatchLogCategories.Job);
    }

    /// <summary>
    /// The retry pipeline, built at the first save that fails: a save that succeeds at once (nearly all of them) runs no Polly
    /// code, so a process whose database never fails compiles none of it.
    /// </summary>
    private ResiliencePipeline Pipeline => _pipeline ??= new ResiliencePipelineBuilder { TimeProvider = _runtime.TimeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            Delay = FirstDelay,
            MaxDelay = MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome.Exception)),
            OnRetry = args =>
            {
                var attempt = args.Context.Properties.GetValue(AttemptKey, null!);
                attempt.Retries++;
                var cause = args.Outcome.Exception!;
                Retrying(_logger, cause, attempt.What, attempt.Retries, Durations.Describe(args.RetryDelay),
                    Durations.Describe(_runtime.FinalStatusRetryFor), cause.GetType().Name, cause.Message);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>True for a fault worth retrying: transient by the runtime's classifier, and never a stale version.</summary>
    public bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OptimisticLockingFailureException or OperationCanceledException)
            {
                return false;
            }
        }

        return _runtime.ExceptionClassifier.Classify(exception) == ExceptionCategory.Transient;
    }

    /// <summary>
    /// Runs <paramref name="save"/>, retrying transient faults; when it still fails after <see cref="JobRuntime.FinalStatusRetryFor"/>,
    /// throws <see cref="ExecutionStatusNotSavedException"/> saying that job execution <paramref name="jobExecutionId"/> is left STARTED.
    /// </summary>
    /// <param name="what">What is saved, for the log ("the end of job 'x' execution 5 (FAILED)").</param>
    /// <param name="jobExecutionId">The job execution the repository shows STARTED while the write fails.</param>
    /// <param name="save">The write; called again on each retry.</param>
    public async ValueTask SaveAsync(string what, long jobExecutionId, Func<ValueTask> save)
    {
        var started = _runtime.TimeProvider.GetTimestamp();
        try
        {
            await save().ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            var attempt = new Attempt(what, started);
            if (_runtime.FinalStatusRetryFor <= TimeSpan.Zero)
            {
                throw GiveUp(attempt, jobExecutionId, ex);
            }

            await RetryAsync(attempt, jobExecutionId, new Replay(ex, save)).ConfigureAwait(false);
        }
    }

    /// <summary>The slow path, after a first attempt failed transiently: the retry pipeline, whose first attempt is that failure.</summary>
    private async ValueTask RetryAsync(Attempt attempt, long jobExecutionId, Replay replay)
    {
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        context.Properties.Set(AttemptKey, attempt);
        try
        {
            await Pipeline.ExecuteAsync(static (_, r) => r.RunAsync(), context, replay).ConfigureAwait(false);
            Saved(_logger, attempt.What, attempt.Retries + 1, Durations.Describe(_runtime.TimeProvider.GetElapsedTime(attempt.Started)));
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            throw GiveUp(attempt, jobExecutionId, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ExecutionStatusNotSavedException GiveUp(Attempt attempt, long jobExecutionId, Exception ex)
    {
        var elapsed = Durations.Describe(_runtime.TimeProvider.GetElapsedTime(attempt.Started));
        var message =
            $"Could not save {attempt.What} in the job repository ({attempt.Retries + 1} attempts over {elapsed}; last: {ex.GetType().Name}: {ex.Message}). " +
            $"Job execution {jobExecutionId} is left STARTED there: once the database is back, run 'fail {jobExecutionId}' (or 'recover') " +
            "to mark it FAILED; the next launch then resumes from its last committed chunk.";
        GaveUp(_logger, ex, message);
        return new ExecutionStatusNotSavedException(message, jobExecutionId, ex);
    }

    private bool ShouldRetry(ResilienceContext context, Exception? exception)
    {
        if (exception is null || !IsTransient(exception))
        {
            return false;
        }

        var attempt = context.Properties.GetValue(AttemptKey, null!);
        return _runtime.TimeProvider.GetElapsedTime(attempt.Started) < _runtime.FinalStatusRetryFor;
    }

    [LoggerMessage(20, LogLevel.Warning, "Could not save {What} (attempt {Attempt}): {CauseType}: {Cause}; retrying in {Delay} (for at most {RetryFor} in all)")]
    private static partial void Retrying(ILogger logger, Exception exception, string what, int attempt, string delay, string retryFor, string causeType, string cause);

    [LoggerMessage(21, LogLevel.Information, "Saved {What} at attempt {Attempts}, {Elapsed} after the first")]
    private static partial void Saved(ILogger logger, string what, int attempts, string elapsed);

    [LoggerMessage(22, LogLevel.Error, "{Message}")]
    private static partial void GaveUp(ILogger logger, Exception exception, string message);

    /// <summary>The write for the pipeline: its first call reports the failure the direct attempt already had, the next ones write.</summary>
    private sealed class Replay(Exception firstFailure, Func<ValueTask> save)
    {
        private Exception? _firstFailure = firstFailure;

        public ValueTask RunAsync()
        {
            if (_firstFailure is { } failure)
            {
                _firstFailure = null;
                return ValueTask.FromException(failure);
            }

            return save();
        }
    }

    private sealed class Attempt(string what, long started)
    {
        public string What { get; } = what;

        public long Started { get; } = started;

        public int Retries { get; set; }
    }
}
