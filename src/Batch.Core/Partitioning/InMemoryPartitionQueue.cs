namespace Batch.Partitioning;

/// <summary>
/// A partition queue in process memory, for workers in the same process as the manager (and tests): the same protocol as the
/// PostgreSQL queue — claims under a lease measured on the given clock, takeover of a claim whose lease ran out — without a database.
/// </summary>
public sealed class InMemoryPartitionQueue : IPartitionQueue
{
    private readonly Lock _lock = new();
    private readonly List<Row> _rows = [];
    private readonly TimeProvider _time;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;

    /// <summary>Creates a queue.</summary>
    /// <param name="timeProvider">The clock leases are measured with; the system clock when null.</param>
    public InMemoryPartitionQueue(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ValueTask EnqueueAsync(PartitionSet partitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        lock (_lock)
        {
            foreach (var work in partitions.Partitions)
            {
                if (!_rows.Any(r => r.Set.JobExecutionId == partitions.JobExecutionId && r.Set.StepName == partitions.StepName && r.Work.Name == work.Name))
                {
                    _rows.Add(new Row(++_nextId, partitions, work));
                }
            }
        }

        Signal();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<PartitionClaim?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var row = _rows.FirstOrDefault(r => !r.StopRequested && r.Status == PartitionStatus.Claimed && r.LeaseExpires < now)
                ?? _rows.FirstOrDefault(r => r.Status == PartitionStatus.Waiting);
            if (row is null)
            {
                return ValueTask.FromResult<PartitionClaim?>(null);
            }

            var previous = row.Status == PartitionStatus.Claimed ? row.Owner : null;
            row.Status = PartitionStatus.Claimed;
            row.Owner = owner;
            row.Attempts++;
            row.LeaseExpires = now + lease;
            return ValueTask.FromResult<PartitionClaim?>(new PartitionClaim(
                row.Id, row.Set.JobExecutionId, row.Set.JobName, row.Set.StepName, row.Set.WorkerStepName, row.Work.Name, row.Work.StepExecutionName,
                row.Work.Context, owner, row.Attempts, previous));
        }
    }

    /// <inheritdoc />
    public ValueTask<LeaseRenewal> RenewAsync(PartitionClaim claim, TimeSpan lease, PartitionProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_lock)
        {
            var row = Held(claim);
            if (row is null)
            {
                return ValueTask.FromResult(LeaseRenewal.Lost);
            }

            row.LeaseExpires = _time.GetUtcNow() + lease;
            row.Progress = progress;
            return ValueTask.FromResult(row.StopRequested ? LeaseRenewal.StopRequested : LeaseRenewal.Renewed);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompleteAsync(PartitionClaim claim, PartitionStatus status, PartitionProgress progress, string? message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (status == PartitionStatus.Claimed)
        {
            throw new ArgumentException("A claim ends with a final status, or Waiting to give the partition back; not Claimed.", nameof(status));
        }

        lock (_lock)
        {
            var row = Held(claim);
            if (row is null)
            {
                return ValueTask.FromResult(false);
            }

            row.Status = status == PartitionStatus.Waiting && row.StopRequested ? PartitionStatus.Stopped : status;
            row.Owner = status == PartitionStatus.Waiting ? null : row.Owner;
            row.Progress = progress;
            row.Message = message;
        }

        if (status == PartitionStatus.Waiting)
        {
            Signal();
        }

        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public ValueTask RequestStopAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var row in Of(jobExecutionId, stepName))
            {
                row.StopRequested = true;
                if (row.Status == PartitionStatus.Waiting)
                {
                    row.Status = PartitionStatus.Stopped;
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PartitionState>> GetPartitionsAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<PartitionState>>([.. Of(jobExecutionId, stepName).Select(r => new PartitionState(
                r.Work.Name, r.Status, r.Owner, r.Status == PartitionStatus.Claimed && r.LeaseExpires < now, r.Attempts, r.Progress, r.Message))]);
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _rows.RemoveAll(r => r.Set.JobExecutionId == jobExecutionId && r.Set.StepName == stepName);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_lock)
        {
            signal = _signal.Task;
        }

        try
        {
            await signal.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // the polling fallback
        }
    }

    private IEnumerable<Row> Of(long jobExecutionId, string stepName) =>
        _rows.Where(r => r.Set.JobExecutionId == jobExecutionId && r.Set.StepName == stepName);

    private Row? Held(PartitionClaim claim) =>
        _rows.FirstOrDefault(r => r.Id == claim.Id && r.Status == PartitionStatus.Claimed && r.Owner == claim.Owner && r.Attempts == claim.Attempt);

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (_lock)
        {
            fired = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }

    private sealed class Row(long id, PartitionSet set, PartitionWork work)
    {
        public long Id { get; } = id;

        public PartitionSet Set { get; } = set;

        public PartitionWork Work { get; } = work;

        public PartitionStatus Status { get; set; } = PartitionStatus.Waiting;

        public string? Owner { get; set; }

        public int Attempts { get; set; }

        public DateTimeOffset LeaseExpires { get; set; }

        public bool StopRequested { get; set; }

        public PartitionProgress Progress { get; set; }

        public string? Message { get; set; }
    }
}
