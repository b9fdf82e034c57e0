using System.Text.RegularExpressions;
using Batch.Partitioning;
using Npgsql;
using NpgsqlTypes;

namespace Batch.Infrastructure.Partitioning;

/// <summary>
/// The partition queue of remote partitioning on PostgreSQL: a table of the job repository's database (BATCH_PARTITION,
/// <c>schema/postgresql/partition-queue.sql</c>). Workers claim partitions with <c>FOR UPDATE SKIP LOCKED</c> (two workers never
/// claim the same one, and neither waits for the other), leases are measured on the database's clock (workers on machines whose
/// clocks differ agree on them), and added partitions are announced with <c>NOTIFY</c> to workers that <c>LISTEN</c>, with
/// polling as the fallback. No message broker: the job repository is the coordinator.
/// </summary>
/// <remarks>Register it with <c>batch.UsePostgres(...).AddRemotePartitioning()</c>, which shares the repository's connection pool.</remarks>
public sealed partial class PostgresPartitionQueue : IPartitionQueue, IAsyncDisposable
{
    /// <summary>The advisory lock that serialises creating the queue's table between processes starting at once.</summary>
    private const long SchemaLockKey = 0x42415443_48504152; // "BATCHPAR"

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresPartitionQueueOptions _options;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private readonly CancellationTokenSource _stopListening = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listener;
    private volatile bool _initialized;

    /// <summary>Creates the queue on a data source (the job repository's, or one on the same database).</summary>
    /// <param name="dataSource">The data source; the caller owns it.</param>
    /// <param name="options">Settings; the defaults when null.</param>
    /// <exception cref="ArgumentException">The channel name is not a plain identifier.</exception>
    public PostgresPartitionQueue(NpgsqlDataSource dataSource, PostgresPartitionQueueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _options = options ?? new PostgresPartitionQueueOptions();
        if (!ChannelName().IsMatch(_options.Channel))
        {
            throw new ArgumentException(
                $"The partition queue's channel '{_options.Channel}' is not a plain PostgreSQL identifier: use lower-case letters, digits and underscores, starting with a letter or an underscore.",
                nameof(options));
        }
    }

    /// <inheritdoc />
    public async ValueTask EnqueueAsync(PartitionSet partitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand(PartitionQueueSql.Enqueue, connection, transaction))
        {
            insert.Parameters.AddWithValue("job", partitions.JobExecutionId);
            insert.Parameters.AddWithValue("jobName", partitions.JobName);
            insert.Parameters.AddWithValue("step", partitions.StepName);
            insert.Parameters.AddWithValue("worker", partitions.WorkerStepName);
            insert.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = partitions.Partitions.Select(p => p.Name).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("stepNames", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = partitions.Partitions.Select(p => p.StepExecutionName).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("contexts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = partitions.Partitions.Select(p => p.Context).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await NotifyAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PartitionClaim?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var claim = new NpgsqlCommand(PartitionQueueSql.Claim, connection);
        claim.Parameters.AddWithValue("owner", owner);
        claim.Parameters.AddWithValue("lease", lease.TotalSeconds);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new PartitionClaim(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
            reader.GetString(7), owner, reader.GetInt32(8), await reader.IsDBNullAsync(9, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(9));
    }

    /// <inheritdoc />
    public async ValueTask<LeaseRenewal> RenewAsync(PartitionClaim claim, TimeSpan lease, PartitionProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var renew = new NpgsqlCommand(PartitionQueueSql.Renew, connection);
        renew.Parameters.AddWithValue("lease", lease.TotalSeconds);
        renew.Parameters.AddWithValue("read", progress.ReadCount);
        renew.Parameters.AddWithValue("write", progress.WriteCount);
        AddClaim(renew, claim);
        var stopRequested = await renew.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return stopRequested switch
        {
            null => LeaseRenewal.Lost,
            true => LeaseRenewal.StopRequested,
            _ => LeaseRenewal.Renewed,
        };
    }

    /// <inheritdoc />
    public async ValueTask<bool> CompleteAsync(PartitionClaim claim, PartitionStatus status, PartitionProgress progress, string? message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (status == PartitionStatus.Claimed)
        {
            throw new ArgumentException("A claim ends with a final status, or Waiting to give the partition back; not Claimed.", nameof(status));
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int changed;
        await using (var complete = new NpgsqlCommand(PartitionQueueSql.Complete, connection, transaction))
        {
            complete.Parameters.AddWithValue("status", Code(status));
            complete.Parameters.AddWithValue("read", progress.ReadCount);
            complete.Parameters.AddWithValue("write", progress.WriteCount);
            complete.Parameters.Add(new NpgsqlParameter("message", NpgsqlDbType.Varchar) { Value = (object?)Fit(message) ?? DBNull.Value });
            AddClaim(complete, claim);
            changed = await complete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed > 0 && status == PartitionStatus.Waiting)
        {
            await NotifyAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }

    /// <inheritdoc />
    public async ValueTask RequestStopAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var stop = new NpgsqlCommand(PartitionQueueSql.RequestStop, connection);
        stop.Parameters.AddWithValue("job", jobExecutionId);
        stop.Parameters.AddWithValue("step", stepName);
        await stop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PartitionState>> GetPartitionsAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(PartitionQueueSql.Select, connection);
        select.Parameters.AddWithValue("job", jobExecutionId);
        select.Parameters.AddWithValue("step", stepName);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<PartitionState>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            states.Add(new PartitionState(
                reader.GetString(0), ParseStatus(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3), reader.GetInt32(4),
                new PartitionProgress(reader.GetInt64(5), reader.GetInt64(6)), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return states;
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(long jobExecutionId, string stepName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = new NpgsqlCommand(PartitionQueueSql.Delete, connection);
        delete.Parameters.AddWithValue("job", jobExecutionId);
        delete.Parameters.AddWithValue("step", stepName);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The first call starts listening on the channel, on one connection of the pool kept for it (reconnected if it drops).</remarks>
    public async ValueTask WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_lock)
        {
            _listener ??= Task.Run(() => ListenAsync(_stopListening.Token), CancellationToken.None);
            signal = _signal.Task;
        }

        try
        {
            await signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // the polling fallback
        }
    }

    /// <summary>Stops listening (the data source stays open: its owner disposes it).</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopListening.CancelAsync().ConfigureAwait(false);
        Task? listener;
        lock (_lock)
        {
            listener = _listener;
        }

        if (listener is not null)
        {
            await listener.ConfigureAwait(false);
        }

        _stopListening.Dispose();
        _initialization.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await OpenAsync(stop).ConfigureAwait(false);
                connection.Notification += (_, _) => Signal();
                await using (var listen = new NpgsqlCommand("LISTEN " + _options.Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }

                Signal(); // whatever was added before the listening began
                while (true)
                {
                    await connection.WaitAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a dropped listening connection is opened again; polling covers the gap
            catch (Exception)
#pragma warning restore CA1031
            {
                Signal();
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

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

    private async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var notify = new NpgsqlCommand(PartitionQueueSql.Notify, connection, transaction);
        notify.Parameters.AddWithValue("channel", _options.Channel);
        await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var exists = new NpgsqlCommand(PartitionQueueSql.TableExists, connection, transaction))
            {
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    _initialized = true;
                    return;
                }
            }

            if (!_options.CreateSchema)
            {
                throw new InvalidOperationException(
                    "The PostgreSQL database has no partition queue table (BATCH_PARTITION), and CreateSchema is off: run schema/postgresql/partition-queue.sql, " +
                    "or turn PostgresPartitionQueueOptions.CreateSchema on.");
            }

            await using (var lockSchema = new NpgsqlCommand(PartitionQueueSql.SchemaLock, connection, transaction))
            {
                lockSchema.Parameters.AddWithValue("key", SchemaLockKey);
                await lockSchema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var create = new NpgsqlCommand(ReadScript(), connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    private static string ReadScript()
    {
        const string name = "Batch.Schema.postgresql.partition-queue.sql";
        using var stream = typeof(PostgresPartitionQueue).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The schema script '{name}' is not embedded in Batch.Infrastructure; the package is damaged.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void AddClaim(NpgsqlCommand command, PartitionClaim claim)
    {
        command.Parameters.AddWithValue("id", claim.Id);
        command.Parameters.AddWithValue("owner", claim.Owner);
        command.Parameters.AddWithValue("attempt", claim.Attempt);
    }

    private static string Code(PartitionStatus status) => status switch
    {
        PartitionStatus.Waiting => "WAITING",
        PartitionStatus.Claimed => "CLAIMED",
        PartitionStatus.Completed => "COMPLETED",
        PartitionStatus.Failed => "FAILED",
        _ => "STOPPED",
    };

    private static PartitionStatus ParseStatus(string code) => code switch
    {
        "WAITING" => PartitionStatus.Waiting,
        "CLAIMED" => PartitionStatus.Claimed,
        "COMPLETED" => PartitionStatus.Completed,
        "FAILED" => PartitionStatus.Failed,
        _ => PartitionStatus.Stopped,
    };

    private static string? Fit(string? message) => message is { Length: > 2500 } ? message[..2497] + "..." : message;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex ChannelName();
}
