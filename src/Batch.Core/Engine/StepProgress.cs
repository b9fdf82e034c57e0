using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Batch.Engine;

/// <summary>
/// The progress log of one chunk step execution (seed 002's progress log): when the step starts and knows its total, the
/// items to do and the end projected from earlier completed executions of the step; then at every interval of the job's
/// clock, the items done, the percentage, the rate since the start and the projected end time. A step without a known
/// total logs its items and rate only.
/// </summary>
internal sealed class StepProgress : IAsyncDisposable
{
    private const int HistoryInstances = 5;

    private readonly StepExecution _execution;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long? _total;
    private readonly long _started;
    private readonly long _consumedAtStart;
    private readonly long _consumedBefore;
    private ITimer? _timer;

    private StepProgress(StepExecution execution, ILogger logger, TimeProvider time, long? total)
    {
        _execution = execution;
        _logger = logger;
        _time = time;
        _total = total;
        _started = time.GetTimestamp();
        _consumedAtStart = execution.ItemsConsumed; // on the step's thread; the timer reads only the counts (the context is not thread-safe)
        _consumedBefore = execution.ItemsConsumedBefore;
    }

    /// <summary>Starts the progress log of a step (null when the interval turns it off).</summary>
    public static async ValueTask<StepProgress?> StartAsync(StepExecution execution, JobRuntime runtime, long? total, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        var logger = runtime.LoggerFactory.CreateLogger(BatchLogCategories.Progress);
        var progress = new StepProgress(execution, logger, runtime.TimeProvider, total);
        if (total is { } items && logger.IsEnabled(LogLevel.Information))
        {
            var rate = await HistoricalRateAsync(runtime.Repository, execution, cancellationToken).ConfigureAwait(false);
            var remaining = Math.Max(0, items - execution.ItemsConsumed);
            var projection = rate is { } r
                ? $"earlier completed runs of the step went at {Rate(r)} items/s, so it ends about {Eta(runtime.TimeProvider.GetUtcNow(), remaining / r)}"
                : "no earlier completed run of the step to project its end from";
            ProgressLog.Started(
                logger, execution.StepName, execution.JobExecution.JobName, items,
                execution.ItemsConsumed > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({execution.ItemsConsumed} done by earlier executions)") : string.Empty,
                projection);
        }

        progress._timer = runtime.TimeProvider.CreateTimer(static state => ((StepProgress)state!).Report(), progress, interval, interval);
        return progress;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_timer is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The items per second of the step's earlier completed executions (of the job's newest instances), or null when there are none.</summary>
    private static async ValueTask<double?> HistoricalRateAsync(Repository.IJobRepository repository, StepExecution current, CancellationToken cancellationToken)
    {
        long items = 0;
        double seconds = 0;
        foreach (var instance in await repository.GetJobInstancesAsync(current.JobExecution.JobName, 0, HistoryInstances, cancellationToken).ConfigureAwait(false))
        {
            foreach (var execution in await repository.GetJobExecutionsAsync(instance, cancellationToken).ConfigureAwait(false))
            {
                if (execution.Id == current.JobExecution.Id)
                {
                    continue;
                }

                var loaded = execution.StepExecutions.Count > 0 ? execution : await repository.GetJobExecutionAsync(execution.Id, cancellationToken).ConfigureAwait(false);
                foreach (var step in loaded?.StepExecutions ?? [])
                {
                    if (step.StepName == current.StepName && step.Status == BatchStatus.Completed && step is { StartTime: { } start, EndTime: { } end } && end > start)
                    {
                        items += step.ReadCount + step.ReadSkipCount;
                        seconds += (end - start).TotalSeconds;
                    }
                }
            }
        }

        return items > 0 && seconds > 0 ? items / seconds : null;
    }

    private static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string Eta(DateTimeOffset now, double seconds) =>
        double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds / 2
            ? (now + TimeSpan.FromSeconds(seconds)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : "unknown";

    private void Report()
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var consumed = _consumedBefore + _execution.ReadCount + _execution.ReadSkipCount;
        var elapsed = _time.GetElapsedTime(_started).TotalSeconds;
        var rate = elapsed > 0 ? (consumed - _consumedAtStart) / elapsed : 0;
        if (_total is not { } total)
        {
            ProgressLog.ProgressWithoutTotal(_logger, _execution.StepName, _execution.JobExecution.JobName, consumed, Rate(rate));
            return;
        }

        var remainingItems = Math.Max(0, total - consumed);
        var remainingSeconds = rate > 0 ? remainingItems / rate : double.PositiveInfinity;
        var percent = total > 0 ? (100.0 * consumed / total).ToString("0.0", CultureInfo.InvariantCulture) : "100.0";
        ProgressLog.Progress(
            _logger, _execution.StepName, _execution.JobExecution.JobName, consumed, total, percent, Rate(rate), Eta(_time.GetUtcNow(), remainingSeconds),
            double.IsFinite(remainingSeconds) ? Durations.Describe(TimeSpan.FromSeconds(Math.Round(remainingSeconds))) : "unknown");
    }
}
