using Batch.Faults;
using Microsoft.Extensions.Logging;

namespace Batch.Engine;

/// <summary>
/// Writes failures to the channel their reader needs: business errors to <see cref="BatchLogCategories.Recovery"/>
/// in plain words with their recovery steps, system faults to <see cref="BatchLogCategories.Exception"/> with the stack trace.
/// </summary>
internal static partial class FaultLog
{
    /// <summary>Logs the failure that ended a job execution.</summary>
    public static void Failed(JobRuntime runtime, JobExecution job, Exception exception)
    {
        if (AsBusiness(runtime, exception) is { } business)
        {
            BusinessJobFailure(Recovery(runtime), job.JobName, job.Id, business.Message, Steps(business));
        }
        else
        {
            SystemJobFailure(Exceptions(runtime), exception, job.JobName, job.Id);
        }
    }

    /// <summary>Logs the failure that ended a step execution.</summary>
    public static void Failed(JobRuntime runtime, StepExecution step, Exception exception)
    {
        if (AsBusiness(runtime, exception) is { } business)
        {
            BusinessFailure(Recovery(runtime), step.StepName, step.JobExecution.JobName, step.JobExecution.Id, step.Id, business.Message, Steps(business));
        }
        else
        {
            SystemFailure(Exceptions(runtime), exception, step.StepName, step.JobExecution.JobName, step.JobExecution.Id, step.Id);
        }
    }

    /// <summary>Logs an item a fault-tolerant step skipped.</summary>
    public static void Skipped(JobRuntime runtime, IExceptionClassifier classifier, StepExecution step, string what, Exception exception)
    {
        var jobExecutionId = step.JobExecution.Id;
        if (AsBusiness(classifier, exception) is { } business)
        {
            BusinessSkip(Recovery(runtime), step.StepName, jobExecutionId, step.Id, what, business.Message, Steps(business));
        }
        else
        {
            SystemSkip(Exceptions(runtime), exception, step.StepName, jobExecutionId, step.Id, what);
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

    // The execution ids are in the text (an operator reads the line) and, for a structured sink, in JobExecutionId and
    // StepExecutionId.
    [LoggerMessage(100, LogLevel.Error, "Step '{StepName}' of job '{JobName}' (job execution {JobExecutionId}, step execution {StepExecutionId}) stopped on a business error: {Message}" + "\nRecovery steps:{RecoverySteps}")]
    private static partial void BusinessFailure(ILogger logger, string stepName, string jobName, long jobExecutionId, long stepExecutionId, string message, string recoverySteps);

    [LoggerMessage(101, LogLevel.Error, "Step '{StepName}' of job '{JobName}' (job execution {JobExecutionId}, step execution {StepExecutionId}) failed on a system error")]
    private static partial void SystemFailure(ILogger logger, Exception exception, string stepName, string jobName, long jobExecutionId, long stepExecutionId);

    [LoggerMessage(106, LogLevel.Error, "Job '{JobName}' (job execution {JobExecutionId}) stopped on a business error: {Message}" + "\nRecovery steps:{RecoverySteps}")]
    private static partial void BusinessJobFailure(ILogger logger, string jobName, long jobExecutionId, string message, string recoverySteps);

    [LoggerMessage(107, LogLevel.Error, "Job '{JobName}' (job execution {JobExecutionId}) failed on a system error")]
    private static partial void SystemJobFailure(ILogger logger, Exception exception, string jobName, long jobExecutionId);

    [LoggerMessage(102, LogLevel.Warning, "Step '{StepName}' (job execution {JobExecutionId}, step execution {StepExecutionId}) skipped {What}: {Message}" + "\nRecovery steps:{RecoverySteps}")]
    private static partial void BusinessSkip(ILogger logger, string stepName, long jobExecutionId, long stepExecutionId, string what, string message, string recoverySteps);

    [LoggerMessage(103, LogLevel.Warning, "Step '{StepName}' (job execution {JobExecutionId}, step execution {StepExecutionId}) skipped {What} after a system error")]
    private static partial void SystemSkip(ILogger logger, Exception exception, string stepName, long jobExecutionId, long stepExecutionId, string what);

    [LoggerMessage(104, LogLevel.Warning, "Step '{StepName}': attempt {Attempt} of {Limit} to {What} failed ({ExceptionType}: {Message}); retrying in {Delay}")]
    private static partial void Retry(ILogger logger, string stepName, string what, int attempt, int limit, string delay, string exceptionType, string message);

    [LoggerMessage(105, LogLevel.Warning, "Step '{StepName}': the writer failed with a no-rollback exception; the chunk is committed as written")]
    private static partial void NoRollback(ILogger logger, Exception exception, string stepName);
}
