using System.Collections.Concurrent;
using Batch.Listeners;
using Batch.Model;
using Microsoft.Extensions.Logging;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>
/// Around each table's partition: records the attempt (T_BATCH_LOG_0002, T_BATCH_STATUS_0001 RUNNING) before it starts, and when it
/// ended verifies the load against the source and records SUCCESS, or FAILED with the reason. A verification that does not match
/// fails the partition, so the next batchrun tries the table again.
/// </summary>
internal sealed class TableAttemptListener : IStepExecutionListener
{
    private readonly CollectorRuntime _runtime;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, (TableEntry Table, long LogId, int Attempt, DateTime Started)> _attempts = new();

    public TableAttemptListener(CollectorRuntime runtime, ILoggerFactory loggerFactory)
    {
        _runtime = runtime;
        _logger = loggerFactory.CreateLogger("Samples.Collector");
    }

    public async ValueTask BeforeStepAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        var partition = stepExecution.ExecutionContext.GetString(PartitionKeys.Table);
        if (partition is null)
        {
            return;
        }

        var table = await _runtime.TableAsync(partition, cancellationToken).ConfigureAwait(false);
        var parameters = stepExecution.JobParameters;
        var now = DateTime.UtcNow;
        var (logId, attempt) = await _runtime.Log.StartTableAttemptAsync(
            parameters.GetString(PartitionKeys.BaseTime)!, parameters.GetString(PartitionKeys.Code)!, table, stepExecution.JobExecution.Id, stepExecution.Id, now,
            cancellationToken).ConfigureAwait(false);
        _attempts[stepExecution.Id] = (table, logId, attempt, now);
    }

    public async ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        if (!_attempts.TryRemove(stepExecution.Id, out var attempt))
        {
            return;
        }

        var parameters = stepExecution.JobParameters;
        var baseTime = parameters.GetString(PartitionKeys.BaseTime)!;
        TableVerification? verification = null;
        string? failure = null;
        if (stepExecution.Status == BatchStatus.Completed)
        {
            try
            {
                verification = await TableVerifier.VerifyAsync(
                    _runtime, attempt.Table, baseTime, stepExecution.JobExecution.JobInstance.Id, ApiResourceReader.ReadSide(stepExecution.ExecutionContext), cancellationToken).ConfigureAwait(false);
                if (!verification.Matches)
                {
                    failure = $"Verification failed: source {verification.Source.Rows} rows ({verification.Source.Checksum}), lake {verification.Lake.Rows} rows " +
                              $"({verification.Lake.Checksum}), target {verification.Target.Rows} rows ({verification.Target.Checksum}).";
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = "Verification could not be done: " + Describe(ex);
            }
        }
        else
        {
            failure = stepExecution.Status == BatchStatus.Stopped
                ? "Stopped on request; the next batchrun resumes the table from its last committed chunk."
                : stepExecution.FailureExceptions.Count > 0 ? Describe(stepExecution.FailureExceptions[0]) : stepExecution.ExitStatus.ExitDescription;
        }

        var end = new TableAttemptEnd(failure is null ? CollectStatus.Success : CollectStatus.Failed, stepExecution.ReadCount, stepExecution.WriteCount, verification, failure);
        await _runtime.Log.EndTableAttemptAsync(
            attempt.LogId, attempt.Attempt, baseTime, parameters.GetString(PartitionKeys.Code)!, attempt.Table, stepExecution.JobExecution.Id, attempt.Started, end,
            DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            CollectorLog.TableFailed(_logger, attempt.Table.PartitionValue, attempt.Attempt, failure);
            if (stepExecution.Status == BatchStatus.Completed)
            {
                throw new CollectorException(failure);
            }
        }
        else
        {
            CollectorLog.TableSucceeded(_logger, attempt.Table.PartitionValue, attempt.Attempt, verification!.Source.Rows);
        }
    }

    /// <summary>The messages of an exception and its causes, one after another.</summary>
    internal static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (messages.Count == 0 || !messages[^1].Contains(e.Message, StringComparison.Ordinal))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(" <- ", messages);
    }
}
