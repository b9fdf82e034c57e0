using Batch.Repository;
using Microsoft.Extensions.Logging;

namespace Batch.Launch;

/// <summary>
/// Keeps a running job execution's heartbeat fresh: every interval of the job's clock it touches the execution's LAST_UPDATED
/// (<see cref="IJobRepository.TouchJobExecutionAsync"/>, one statement, no VERSION change), so that a step busy for longer than
/// the stale ages (a long chunk, a long tasklet call, a wait on remote partitions) is not taken for dead. Nothing is sent before
/// the first interval has passed. When the repository says the execution is no longer running — someone else ended it — it
/// cancels <see cref="Ended"/>, so the job stops at once instead of working on for nothing. Dispose it when the job has ended: it
/// waits for a beat in flight, and no beat follows.
/// </summary>
internal sealed class JobHeartbeat : IAsyncDisposable
{
    private readonly IJobRepository _repository;
    private readonly JobExecution _execution;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _ended;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private Task _beat = Task.CompletedTask;
    private bool _beating;
    private bool _stopped;
    private bool _failing;

    private JobHeartbeat(IJobRepository repository, JobExecution execution, TimeProvider time, TimeSpan interval, ILogger logger, CancellationToken jobToken)
    {
        _repository = repository;
        _execution = execution;
        _time = time;
        _logger = logger;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(jobToken);

        // A timer, not a loop of delays: a job that ends before its first beat costs no task, no exception and no statement.
        _timer = time.CreateTimer(static state => ((JobHeartbeat)state!).Tick(), this, interval, interval);
    }

    /// <summary>Cancelled when the caller's token is, or when the execution turned out to be ended by someone else: run the job with it.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Starts beating for a job execution that was just created.</summary>
    /// <param name="repository">The job repository.</param>
    /// <param name="execution">The running execution.</param>
    /// <param name="time">The job's clock.</param>
    /// <param name="interval">How often to beat.</param>
    /// <param name="logger">Where its troubles go.</param>
    /// <param name="jobToken">The caller's cancellation, which <see cref="Ended"/> includes.</param>
    /// <returns>The heartbeat; dispose it when the job has ended.</returns>
    public static JobHeartbeat Start(IJobRepository repository, JobExecution execution, TimeProvider time, TimeSpan interval, ILogger logger, CancellationToken jobToken) =>
        new(repository, execution, time, interval, logger, jobToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task beat;
        lock (_gate)
        {
            _stopped = true;
            beat = _beat;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        await beat.ConfigureAwait(false);
        _ended.Dispose();
    }

    /// <summary>Starts a beat unless one is still in flight (a slow database: that tick is skipped) or the job has ended.</summary>
    private void Tick()
    {
        lock (_gate)
        {
            if (_stopped || _beating)
            {
                return;
            }

            _beating = true;
            _beat = BeatAsync();
        }
    }

    private async Task BeatAsync()
    {
        await Task.Yield(); // never inside the timer's callback or the lock
        try
        {
            bool live;
            try
            {
                // Not cancelled by the job's end: a beat in flight finishes (one short statement), and disposal waits for it.
                live = await _repository.TouchJobExecutionAsync(_execution, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a heartbeat that fails is logged and tried again; it never fails the job
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!_failing)
                {
                    LaunchLog.HeartbeatFailed(_logger, _execution.JobName, _execution.Id, ex.GetType().Name + ": " + ex.Message);
                }

                _failing = true;
                return;
            }

            if (_failing)
            {
                LaunchLog.HeartbeatRestored(_logger, _execution.JobName, _execution.Id);
                _failing = false;
            }

            if (!live)
            {
                bool stopped;
                lock (_gate)
                {
                    stopped = _stopped;
                    _stopped = true; // no more beats: the execution is not running any more
                }

                // The job itself sets its final status before saving it: an execution that ended here is no news.
                if (!stopped && _execution.Status.IsRunning())
                {
                    LaunchLog.EndedElsewhere(_logger, _execution.JobName, _execution.Id);
                    await _ended.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _beating = false;
            }
        }
    }
}
