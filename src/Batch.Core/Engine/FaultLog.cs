using Batch.Faults;
using Microsoft.Extensions.Logging;

namespace Batch.Engine;

/// <summary>
/// Writes failures to the channel their reader needs: business errors to <see cref="BatchLogCategories.Recovery"/>
/// in plain words with their recovery steps, system faults to <see cref="BatchLogCategories.Exception"/> with the stack trace.
/// </summary>
internal static partial class FaultLog
{
    /// <summary>Logs the failure that ended a step (or a job, when <paramref name="stepName"/> is null).</summary>
    public static void Failed(JobRuntime runtime, string jobName, string? stepName, Exception exception)
    {
        var what = stepName is null ? $"Job '{jobName}'" : $"Step '{stepName}' of job '{jobName}'";
        if (AsBusiness(runtime, exception) is { } business)
        {
            BusinessFailure(Recovery(runtime), what, business.Message, Steps(business));
        }
        else
        {
            SystemFailure(Exceptions(runtime), exception, what);
        }
    }

    /// <summary>Logs an item a fault-tolerant step skipped.</summary>
    public static void Skipped(JobRuntime runtime, IExceptionClassifier classifier, string stepName, string what, Exception exception)
    {
        if (AsBusiness(classifier, exception) is { } business)
        {
            BusinessSkip(Recovery(runtime), stepName, what, business.Message, Steps(business));
        }
        else
        {
            SystemSkip(Exceptions(runtime), exception, stepName, what);
        }
    }

    /// <summary>Logs a failed attempt that will be retried.</summary>
    public static void Retrying(JobRuntime runtime, string stepName, string what, int attempt, int limit, TimeSpan delay, Exception exception) =>
        Retry(Exceptions(runtime), stepName, what, attempt, limit, Durations.Describe(delay), exception.GetType().Name, exception.Message);

    /// <summary>Logs a write failure that did not roll the chunk back (a no-rollback exception).</summary>
    public static void NotRolledBack(JobRuntime runtime, string stepName, Exception exception) =>
        NoRollback(Exceptions(runtime), exception, stepName);

    private static ILogger Recovery(JobRuntime runtime) => runtime.LoggerFactory.CreateLogger(BatchLogCategories.Recovery);

    private static ILogger Exceptions(JobRuntime runtime) => runtime.LoggerFactory.CreateLogger(BatchLogCategories.Exception);

    private static BusinessException? AsBusiness(JobRuntime runtime, Exception exception) => AsBusiness(runtime.ExceptionClassifier, exception);

    private static BusinessException? AsBusiness(IExceptionClassifier classifier, Exception exception)
    {
        if (classifier.Classify(exception) != ExceptionCategory.Business)
        {
            return null;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is BusinessException business)
            {
                return business;
            }
        }

        return new BusinessException(exception.Message);
    }

    private static string Steps(BusinessException exception) =>
        exception.RecoverySteps.Count == 0
            ? "(none given)"
            : string.Concat(exception.RecoverySteps.Select((step, i) => $"{Environment.NewLine}  {i + 1}. {step}"));

    [LoggerMessage(100, LogLevel.Error, "{What} stopped on a business error: {Message}" + "\nRecovery steps:{RecoverySteps}")]
    private static partial void BusinessFailure(ILogger logger, string what, string message, string recoverySteps);

    [LoggerMessage(101, LogLevel.Error, "{What} failed on a system error")]
    private static partial void SystemFailure(ILogger logger, Exception exception, string what);

    [LoggerMessage(102, LogLevel.Warning, "Step '{StepName}' skipped {What}: {Message}" + "\nRecovery steps:{RecoverySteps}")]
    private static partial void BusinessSkip(ILogger logger, string stepName, string what, string message, string recoverySteps);

    [LoggerMessage(103, LogLevel.Warning, "Step '{StepName}' skipped {What} after a system error")]
    private static partial void SystemSkip(ILogger logger, Exception exception, string stepName, string what);

    [LoggerMessage(104, LogLevel.Warning, "Step '{StepName}': attempt {Attempt} of {Limit} to {What} failed ({ExceptionType}: {Message}); retrying in {Delay}")]
    private static partial void Retry(ILogger logger, string stepName, string what, int attempt, int limit, string delay, string exceptionType, string message);

    [LoggerMessage(105, LogLevel.Warning, "Step '{StepName}': the writer failed with a no-rollback exception; the chunk is committed as written")]
    private static partial void NoRollback(ILogger logger, Exception exception, string stepName);
}
