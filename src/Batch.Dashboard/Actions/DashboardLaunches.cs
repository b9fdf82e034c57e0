using Batch.Launch;
using Microsoft.Extensions.Logging;

namespace Batch.Dashboard.Actions;

/// <summary>
/// The job runs the dashboard started (restart, run next): a request launches them and answers once the execution exists (or with
/// the launch's refusal); they run in the background until they end, and they are stopped at a chunk boundary (STOPPED, restartable)
/// when the application shuts down.
/// </summary>
internal sealed partial class DashboardLaunches(ILogger<DashboardLaunches> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _running = [];

    /// <summary>
    /// Starts a run in the background; the task returned completes with its execution once it exists in the job repository, or fails
    /// with the launch's refusal (a stale state, a full launch group, invalid parameters), so the request can answer either.
    /// </summary>
    public Task<JobExecution> Start(string what, Func<LaunchOptions, CancellationToken, Task<JobExecution>> run)
    {
        var launched = new TaskCompletionSource<JobExecution>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = LaunchOptions.Default with { Launched = execution => launched.TrySetResult(execution) };
        var task = Task.Run(async () =>
        {
            try
            {
                var execution = await run(options, _stopping.Token).ConfigureAwait(false);
                launched.TrySetResult(execution);
                LogEnded(logger, what, execution.Id, execution.Status);
            }
            catch (Exception exception)
            {
                if (!launched.TrySetException(exception) && exception is not OperationCanceledException)
                {
                    LogFailed(logger, exception, what, exception.Message);
                }
            }
        });
        lock (_lock)
        {
            _running.Add(task);
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_lock)
                {
                    _running.Remove(t);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return launched.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Dashboard {What}: execution {ExecutionId} ended {Status}")]
    private static partial void LogEnded(ILogger logger, string what, long executionId, BatchStatus status);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Dashboard {What} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string what, string reason);
}
