using System.Collections.Concurrent;
using System.Globalization;
using Batch.Engine;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.Logging;

namespace Batch.Partitioning;

/// <summary>
/// A worker of remote partitioning (the <c>worker</c> command): waits for partitions in the <see cref="IPartitionQueue"/>, claims
/// them under a lease, and runs each with the worker step of the job that made it — the job resolved from this process's registry
/// by name, the step found in it by name (<see cref="JobStepLookup.FindStep"/>) — as a step execution of the manager's job
/// execution, renewing the lease while it runs.
/// </summary>
/// <remarks>
/// <para>A partition whose worker died (its lease ran out) is taken over: the dead worker's step execution is marked FAILED (a
/// version-checked update, so a worker that was only stalled fails its next commit instead of committing beside the new one), and
/// a new step execution resumes from its last committed chunk, as any restarted step does.</para>
/// <para>When the worker itself is stopped (Ctrl+C, SIGTERM), a running partition stops at its next chunk boundary and is given
/// back to the queue, so another worker resumes it; the job does not stop.</para>
/// </remarks>
public sealed class PartitionWorker
{
    private readonly IJobRegistry _registry;
    private readonly IJobRepository _repository;
    private readonly IPartitionQueue _queue;
    private readonly JobRuntime _runtime;
    private readonly ILogger _logger;

    /// <summary>The job executions this worker ran partitions of, loaded once each and then only brought up to date (status, version).</summary>
    private readonly ConcurrentDictionary<long, JobExecution> _executions = new();

    /// <summary>Creates a worker.</summary>
    /// <param name="registry">The jobs of this application (the same as the manager's).</param>
    /// <param name="repository">The job repository.</param>
    /// <param name="queue">The partition queue.</param>
    /// <param name="options">Lease, polling and concurrency; the defaults when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="services">The application's services for step-scoped factories; none when null.</param>
    /// <param name="batchOptions">The settings (<see cref="Hosting.BatchOptions.FinalStatusRetryFor"/>); the defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public PartitionWorker(
        IJobRegistry registry, IJobRepository repository, IPartitionQueue queue, PartitionWorkerOptions? options = null, TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null, IServiceProvider? services = null, Hosting.BatchOptions? batchOptions = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(queue);
        Options = options ?? new PartitionWorkerOptions();
        Options.Validate();
        _registry = registry;
        _repository = repository;
        _queue = queue;
        _runtime = new JobRuntime(repository, timeProvider, loggerFactory, services)
        {
            FinalStatusRetryFor = (batchOptions ?? new Hosting.BatchOptions()).FinalStatusRetryFor,
        };
        _logger = _runtime.LoggerFactory.CreateLogger("Batch.Worker");
        WorkerId = Options.WorkerId ?? string.Create(CultureInfo.InvariantCulture,
            $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");
    }

    /// <summary>The worker's id in its claims.</summary>
    public string WorkerId { get; }

    /// <summary>The worker's settings.</summary>
    public PartitionWorkerOptions Options { get; }

    /// <summary>
    /// Claims and runs partitions, <see cref="PartitionWorkerOptions.Concurrency"/> at once, until cancelled (or idle for
    /// <see cref="PartitionWorkerOptions.ExitWhenIdleFor"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops the worker: running partitions stop at their next chunk boundary and go back to the queue.</param>
    /// <returns>How many partitions the worker ran.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        PartitionLog.WorkerStarted(_logger, WorkerId);
        var loops = Enumerable.Range(0, Options.Concurrency).Select(_ => Task.Run(() => LoopAsync(cancellationToken), CancellationToken.None)).ToArray();
        var counts = await Task.WhenAll(loops).ConfigureAwait(false);
        var total = counts.Sum();
        PartitionLog.WorkerStopped(_logger, WorkerId, total);
        return total;
    }

    /// <summary>Claims one partition, if one is available, and runs it to its end.</summary>
    /// <param name="cancellationToken">Stops the partition at its next chunk boundary (it goes back to the queue).</param>
    /// <returns>True when a partition was claimed.</returns>
    public async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        var claim = await _queue.ClaimAsync(WorkerId, Options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return false;
        }

        await RunClaimAsync(claim, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<int> LoopAsync(CancellationToken cancellationToken)
    {
        var time = _runtime.TimeProvider;
        var idleSince = time.GetTimestamp();
        var count = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            PartitionClaim? claim;
            try
            {
                claim = await _queue.ClaimAsync(WorkerId, Options.LeaseDuration, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // a database outage must not end the worker: it retries after the poll interval
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PartitionLog.QueueFailed(_logger, ex, WorkerId, ex.Message, Options.PollInterval);
                if (!await DelayAsync(Options.PollInterval, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            if (claim is null)
            {
                var wait = Options.PollInterval;
                if (Options.ExitWhenIdleFor is { } idle)
                {
                    var left = idle - time.GetElapsedTime(idleSince);
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    wait = left < wait ? left : wait;
                }

                try
                {
                    await _queue.WaitForWorkAsync(wait, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                continue;
            }

            await RunClaimAsync(claim, cancellationToken).ConfigureAwait(false);
            count++;
            idleSince = time.GetTimestamp();
        }

        return count;
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs one claimed partition and ends its claim.</summary>
    private async Task RunClaimAsync(PartitionClaim claim, CancellationToken workerToken)
    {
        PartitionLog.Claimed(_logger, WorkerId, claim.PartitionName, claim.StepName, claim.JobName, claim.JobExecutionId, claim.Attempt);
        var lease = new LeaseState();
        try
        {
            var job = _registry.GetJob(claim.JobName);
            var step = job.FindStep(claim.WorkerStepName) ?? throw new BatchException(
                $"Job '{claim.JobName}' of this worker has no step '{claim.WorkerStepName}': the worker runs another version of the application than " +
                "the manager. Run the same version everywhere.");
            var execution = await JobExecutionAsync(claim.JobExecutionId, workerToken).ConfigureAwait(false) ?? throw new BatchException(
                $"Job execution {claim.JobExecutionId} of partition '{claim.PartitionName}' is not in the job repository (deleted?).");
            if (!execution.IsRunning || execution.IsStopping)
            {
                _executions.TryRemove(execution.Id, out _);
                await EndAsync(claim, PartitionStatus.Stopped, default,
                    $"Job execution {execution.Id} is {execution.Status.ToCode()}: the partition was not run.").ConfigureAwait(false);
                return;
            }

            var done = await TakeOverAsync(claim, execution, workerToken).ConfigureAwait(false);
            if (done is not null)
            {
                await EndAsync(claim, PartitionStatus.Completed, new PartitionProgress(done.ReadCount, done.WriteCount), null).ConfigureAwait(false);
                return;
            }

            using var partitionStop = CancellationTokenSource.CreateLinkedTokenSource(workerToken);
            using var renewalStop = new CancellationTokenSource();
            var renewal = RenewAsync(claim, execution, lease, partitionStop, renewalStop.Token);
            StepExecution result;
            try
            {
                result = await StepHandler.HandleAsync(
                    step, claim.StepExecutionName, ExecutionContextSerializer.Deserialize(claim.Context), execution, _runtime, null, partitionStop.Token).ConfigureAwait(false);
            }
            finally
            {
                await renewalStop.CancelAsync().ConfigureAwait(false);
                await renewal.ConfigureAwait(false);
            }

            if (lease.Lost)
            {
                PartitionLog.LeaseLost(_logger, WorkerId, claim.PartitionName);
                return;
            }

            var status = result.Status switch
            {
                BatchStatus.Completed => PartitionStatus.Completed,
                BatchStatus.Stopped when workerToken.IsCancellationRequested && !lease.StopRequested => PartitionStatus.Waiting,
                BatchStatus.Stopped => PartitionStatus.Stopped,
                _ => PartitionStatus.Failed,
            };
            // a partition that completed in an earlier execution of the instance was skipped: nothing of this execution to report
            var progress = result.JobExecution.Id == execution.Id ? new PartitionProgress(result.ReadCount, result.WriteCount) : default;
            await EndAsync(claim, status, progress,
                status == PartitionStatus.Failed ? result.ExitStatus.ExitDescription : null).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a partition that cannot run fails that partition, not the worker
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (lease.Lost)
            {
                PartitionLog.LeaseLost(_logger, WorkerId, claim.PartitionName);
                return;
            }

            PartitionLog.CannotRun(_logger, ex, WorkerId, claim.PartitionName, ex.Message);
            var status = ex is OperationCanceledException && workerToken.IsCancellationRequested ? PartitionStatus.Waiting : PartitionStatus.Failed;
            try
            {
                await EndAsync(claim, status, default, $"Worker {WorkerId} could not run the partition: {ex.Message}").ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the queue is unreachable: the lease runs out and another worker takes the partition over
            catch (Exception endFailure)
#pragma warning restore CA1031
            {
                PartitionLog.CannotRun(_logger, endFailure, WorkerId, claim.PartitionName, "its end could not be saved: " + endFailure.Message);
            }
        }
    }

    /// <summary>
    /// The job execution of a claim: loaded with the explorer the first time (with its steps), afterwards only its status and version
    /// read again, so a worker's claims do not each load every step execution of a job with many partitions.
    /// </summary>
    private async Task<JobExecution?> JobExecutionAsync(long id, CancellationToken cancellationToken)
    {
        if (_executions.TryGetValue(id, out var cached))
        {
            await _repository.SynchronizeStatusAsync(cached, cancellationToken).ConfigureAwait(false);
            return cached;
        }

        var loaded = await _repository.GetJobExecutionAsync(id, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            return null;
        }

        if (_executions.Count >= 16)
        {
            _executions.Clear();
        }

        return _executions.GetOrAdd(id, loaded);
    }

    private async Task EndAsync(PartitionClaim claim, PartitionStatus status, PartitionProgress progress, string? message)
    {
        if (await _queue.CompleteAsync(claim, status, progress, message, CancellationToken.None).ConfigureAwait(false))
        {
            PartitionLog.Ended(_logger, WorkerId, claim.PartitionName, status.ToString().ToUpperInvariant());
        }
        else
        {
            PartitionLog.LeaseLost(_logger, WorkerId, claim.PartitionName);
        }
    }

    /// <summary>
    /// Looks at the partition's last step execution. A completed one of this job execution means the partition is done (its worker died
    /// before it could say so): it is returned. A running one belongs to a worker that lost its lease — in this job execution (it died
    /// or stalled), or in an earlier one that ended while it ran — and is marked FAILED with a version-checked update, so that worker,
    /// if it is still alive, fails its next commit instead of committing beside this one; the new step execution then resumes from its
    /// last committed context.
    /// </summary>
    private async Task<StepExecution?> TakeOverAsync(PartitionClaim claim, JobExecution execution, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var history = await _repository.GetStepHistoryAsync(execution.JobInstance, claim.StepExecutionName, cancellationToken).ConfigureAwait(false);
            var last = history.LastExecution;
            if (last is null)
            {
                return null;
            }

            var sameExecution = last.JobExecution.Id == execution.Id;
            if (sameExecution && last.Status == BatchStatus.Completed)
            {
                return last;
            }

            if (!last.Status.IsRunning())
            {
                return null;
            }

            var previous = sameExecution ? claim.PreviousOwner ?? "(unknown)" : "(of job execution " + last.JobExecution.Id.ToString(CultureInfo.InvariantCulture) + ")";
            last.Status = BatchStatus.Failed;
            last.ExitStatus = ExitStatus.Failed.AddExitDescription(sameExecution
                ? $"Worker {previous} lost its lease on partition '{claim.PartitionName}' (it died or stalled); worker {WorkerId} took the partition over " +
                  "and resumed it from its last committed chunk."
                : $"Job execution {last.JobExecution.Id} ended while partition '{claim.PartitionName}' still ran; worker {WorkerId} took the partition over " +
                  $"for job execution {execution.Id} and resumed it from its last committed chunk.");
            last.EndTime = _runtime.Now();
            try
            {
                await _repository.UpdateStepExecutionAsync(last, cancellationToken).ConfigureAwait(false);
                PartitionLog.TookOver(_logger, WorkerId, claim.PartitionName, previous, last.Id);
                return null;
            }
            catch (OptimisticLockingFailureException) when (attempt < 3)
            {
                // the previous owner committed a chunk meanwhile: read its execution again
            }
        }
    }

    /// <summary>Renews the lease until the partition ends; cancels the partition when the lease is lost or a stop is requested.</summary>
    private async Task RenewAsync(PartitionClaim claim, JobExecution execution, LeaseState lease, CancellationTokenSource partitionStop, CancellationToken cancellationToken)
    {
        var time = _runtime.TimeProvider;
        while (true)
        {
            try
            {
                await Task.Delay(Options.EffectiveRenewInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var current = execution.StepExecutions.LastOrDefault(s => s.StepName == claim.StepExecutionName);
            var progress = current is null ? default : new PartitionProgress(current.ReadCount, current.WriteCount);
            LeaseRenewal renewal;
            try
            {
                renewal = await _queue.RenewAsync(claim, Options.LeaseDuration, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed renewal is tried again; the lease covers a few missed ones
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PartitionLog.QueueFailed(_logger, ex, WorkerId, ex.Message, Options.EffectiveRenewInterval);
                continue;
            }

            if (renewal == LeaseRenewal.Lost)
            {
                lease.Lost = true;
                await partitionStop.CancelAsync().ConfigureAwait(false);
                return;
            }

            if (renewal == LeaseRenewal.StopRequested && !lease.StopRequested)
            {
                lease.StopRequested = true;
                await partitionStop.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class LeaseState
    {
        public volatile bool Lost;
        public volatile bool StopRequested;
    }
}
