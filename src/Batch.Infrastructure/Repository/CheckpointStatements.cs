using System.Data;
using System.Data.Common;
using Batch.Infrastructure.Repository.Dialects;
using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

/// <summary>
/// The statements of a step checkpoint on one connection, built once and run at every chunk: the UPDATE of
/// the step execution (in a session only its counters and heartbeat) with its VERSION check, which returns
/// the job execution's status in the same statement (on SQLite, where RETURNING costs more, it matches only while the job is not
/// stopping and returns nothing: see <see cref="SqlDialect.ReturnsRowsCheaply"/>), and the upsert of the context only when the context
/// changed — both in one round trip where the dialect batches (PostgreSQL). A chunk session keeps them for the whole step, and prepares them where the dialect
/// says it pays (PostgreSQL: the server parses and plans them once per step, not once per chunk); SQLite
/// keeps its compiled statements in the command object anyway.
/// </summary>
internal sealed class CheckpointStatements : IAsyncDisposable
{
    private readonly SqlDialect _dialect;
    private readonly DbCommand _update;
    private readonly DbCommand _upsert;
    private readonly DbCommand? _unguarded;
    private readonly DbBatch? _batch;
    private readonly DbBatch? _commit;
    private readonly DbBatch? _commitWithContext;
    private readonly bool _prepare;
    private readonly bool _progressOnly;
    private bool _preparedUpdate;
    private bool _preparedBatch;
    private bool _preparedCommit;
    private bool _preparedCommitWithContext;
    private CheckpointStatements? _end;

    private CheckpointStatements(SqlDialect dialect, DbConnection connection, Use use)
    {
        _dialect = dialect;
        _prepare = use == Use.Session && dialect.PreparesStatements;
        _progressOnly = use == Use.Session;
        var updateSql = _progressOnly ? RepositorySql.UpdateStepProgress : RepositorySql.UpdateStepExecution;
        if (dialect.ReturnsRowsCheaply)
        {
            _update = connection.CreateCommand(null, updateSql);
        }
        else
        {
            // An UPDATE that returns nothing and matches only while the job is not stopping; the same UPDATE without that
            // condition tells a stale version from a stop request when it matched nothing (see SqlDialect.ReturnsRowsCheaply).
            var plain = _progressOnly ? RepositorySql.UpdateStepCounters : RepositorySql.UpdateWholeStepExecution;
            _update = connection.CreateCommand(null, plain + RepositorySql.UnlessJobStopping);
            _unguarded = connection.CreateCommand(null, plain);
            AddUpdateParameters(_unguarded.Parameters, _unguarded.CreateParameter);
        }

        AddUpdateParameters(_update.Parameters, _update.CreateParameter);
        _upsert = connection.CreateCommand(null, RepositorySql.UpsertStepContext);
        AddUpsertParameters(_upsert.Parameters, _upsert.CreateParameter);
        if (dialect.UseBatches && connection.CanCreateBatch)
        {
            _batch = connection.CreateBatch();
            var update = _batch.CreateBatchCommand();
            update.CommandText = updateSql;
            AddUpdateParameters(update.Parameters, update.CreateParameter);
            var upsert = _batch.CreateBatchCommand();
            upsert.CommandText = RepositorySql.UpsertStepContext;
            AddUpsertParameters(upsert.Parameters, upsert.CreateParameter);
            _batch.BatchCommands.Add(update);
            _batch.BatchCommands.Add(upsert);
            if (use != Use.Once)
            {
                _commit = CreateCommitBatch(connection, withContext: false);
                _commitWithContext = CreateCommitBatch(connection, withContext: true);
            }
        }
    }

    /// <summary>Builds the statements on an open connection.</summary>
    /// <param name="dialect">The database's dialect.</param>
    /// <param name="connection">The connection they run on.</param>
    /// <param name="session">
    /// True for the chunks of a step's session: the statements run at every chunk, so they are prepared where that pays, and
    /// save only what a chunk changes (<see cref="RepositorySql.UpdateStepProgress"/>). False for one save of the whole step execution.
    /// </param>
    public static CheckpointStatements Create(SqlDialect dialect, DbConnection connection, bool session) => new(dialect, connection, session ? Use.Session : Use.Once);

    /// <summary>
    /// Runs the checkpoint in the transaction. Returns whether the row matched and the job execution's status.
    /// Without a transaction (only for an unchanged context) the UPDATE commits on its own.
    /// </summary>
    public async ValueTask<StepCheckpoint.Outcome> SaveAsync(
        DbTransaction? transaction, StepExecution step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        (string Short, string? Serialized)? context = step.ExecutionContext.IsDirty ? ContextColumns.Write(step.ExecutionContext) : null;
        if (context is not null && transaction is null)
        {
            throw new InvalidOperationException("A changed context is saved with its step execution in one transaction; none was given.");
        }

        if (context is { } both && _batch is not null)
        {
            BindUpdate(_batch.BatchCommands[0].Parameters, step, now);
            BindUpsert(_batch.BatchCommands[1].Parameters, step, both);
            _batch.Transaction = transaction;
            // A kept batch must be prepared before it first runs: Npgsql 10 refuses to run an unprepared batch a second
            // time ("Missing type info or binding info"). A one-off save (no session) runs its batch once.
            if (_prepare && !_preparedBatch)
            {
                await _batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                _preparedBatch = true;
            }

            // When the UPDATE matched no row the upsert ran for nothing: the caller rolls the transaction back.
            await using var batchReader = await _batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await StepCheckpoint.ReadOutcomeAsync(batchReader, cancellationToken).ConfigureAwait(false);
        }

        BindUpdate(_update.Parameters, step, now);
        _update.Transaction = transaction;
        if (_prepare && !_preparedUpdate)
        {
            await _update.PrepareAsync(cancellationToken).ConfigureAwait(false);
            _preparedUpdate = true;
        }

        StepCheckpoint.Outcome outcome;
        if (_unguarded is not null)
        {
            outcome = await _update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1
                ? new StepCheckpoint.Outcome(true, null)
                : await SaveUnguardedAsync(_unguarded, transaction, step, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await using var reader = await _update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            outcome = await StepCheckpoint.ReadOutcomeAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        if (outcome.Matched && context is { } changed)
        {
            BindUpsert(_upsert.Parameters, step, changed);
            _upsert.Transaction = transaction;
            await _upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// Saves the checkpoint of a chunk's session in <paramref name="transaction"/> and commits it, or rolls it back and throws
    /// when the step execution's version is stale. Where the dialect batches (PostgreSQL) the checkpoint and the COMMIT go in
    /// one round trip: the checkpoint then fails when it matches no row (<see cref="ChunkCommitSql.StaleState"/>), so the server
    /// skips the COMMIT behind it. Elsewhere the checkpoint runs, then the COMMIT.
    /// </summary>
    /// <remarks>
    /// A step execution no longer running (STARTING or STARTED) at its commit is ending with this chunk (<see cref="IChunkSession.SavesStepEndWithLastChunk"/>):
    /// in a session its whole row is saved then — status, end time and exit status with the counters — by statements made for that one commit.
    /// </remarks>
    /// <exception cref="OptimisticLockingFailureException">The step execution was changed by someone else.</exception>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CommitChunkAsync(
        DbConnection connection, DbTransaction transaction, StepExecution step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_progressOnly && !step.Status.IsRunning())
        {
            _end ??= new CheckpointStatements(_dialect, connection, Use.SessionEnd);
            await _end.CommitChunkAsync(connection, transaction, step, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        StepCheckpoint.Outcome outcome;
        if (_commit is null)
        {
            outcome = await SaveAsync(transaction, step, now, cancellationToken).ConfigureAwait(false);
            if (outcome.Matched)
            {
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        else
        {
            var changed = step.ExecutionContext.IsDirty;
            var batch = changed ? _commitWithContext! : _commit;
            BindUpdate(batch.BatchCommands[0].Parameters, step, now);
            if (changed)
            {
                BindUpsert(batch.BatchCommands[1].Parameters, step, ContextColumns.Write(step.ExecutionContext));
            }

            batch.Transaction = transaction;
            // Kept for the session's every chunk, a batch is prepared before its first run (see SaveAsync); the one commit that
            // ends the step runs its batch once, unprepared, with no round trip to prepare it.
            if (_progressOnly && !(changed ? _preparedCommitWithContext : _preparedCommit))
            {
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                _preparedCommitWithContext |= changed;
                _preparedCommit |= !changed;
            }

            try
            {
                // Once the batch is sent it runs to its COMMIT (or fails before it): it is not cancelled half-way.
                await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
                outcome = await StepCheckpoint.ReadOutcomeAsync(reader, CancellationToken.None).ConfigureAwait(false);
                while (await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    // The upsert and the COMMIT return no rows; reading on surfaces a failed COMMIT here.
                }
            }
            catch (DbException ex) when (ex.SqlState == ChunkCommitSql.StaleState)
            {
                outcome = new StepCheckpoint.Outcome(false, null);
            }
        }

        if (!outcome.Matched)
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw await StepCheckpoint.StaleAsync(connection, step, cancellationToken).ConfigureAwait(false);
        }

        StepCheckpoint.Committed(step, now, outcome);
    }

    /// <summary>
    /// After the UPDATE guarded by <see cref="RepositorySql.UnlessJobStopping"/> matched nothing: the same UPDATE without the
    /// guard, in the same transaction. It matches when the version was current, so the job is stopping (the chunk commits and
    /// the step ends after it); it matches nothing when the version is stale.
    /// </summary>
    private async ValueTask<StepCheckpoint.Outcome> SaveUnguardedAsync(
        DbCommand unguarded, DbTransaction? transaction, StepExecution step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        BindUpdate(unguarded.Parameters, step, now);
        unguarded.Transaction = transaction;
        return await unguarded.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1
            ? new StepCheckpoint.Outcome(true, BatchStatus.Stopping)
            : new StepCheckpoint.Outcome(false, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_end is not null)
        {
            await _end.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var batch in new[] { _batch, _commit, _commitWithContext })
        {
            if (batch is not null)
            {
                await batch.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (_unguarded is not null)
        {
            await _unguarded.DisposeAsync().ConfigureAwait(false);
        }

        await _upsert.DisposeAsync().ConfigureAwait(false);
        await _update.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The guarded checkpoint, the context's upsert when <paramref name="withContext"/>, and the COMMIT, as one batch.</summary>
    private DbBatch CreateCommitBatch(DbConnection connection, bool withContext)
    {
        var batch = connection.CreateBatch();
        var update = batch.CreateBatchCommand();
        update.CommandText = _progressOnly ? ChunkCommitSql.GuardedUpdateStepProgress : ChunkCommitSql.GuardedUpdateStepExecution;
        AddUpdateParameters(update.Parameters, update.CreateParameter);
        batch.BatchCommands.Add(update);
        if (withContext)
        {
            var upsert = batch.CreateBatchCommand();
            upsert.CommandText = RepositorySql.UpsertStepContext;
            AddUpsertParameters(upsert.Parameters, upsert.CreateParameter);
            batch.BatchCommands.Add(upsert);
        }

        var commit = batch.CreateBatchCommand();
        commit.CommandText = ChunkCommitSql.Commit;
        batch.BatchCommands.Add(commit);
        return batch;
    }

    private void AddUpdateParameters(DbParameterCollection parameters, Func<DbParameter> create)
    {
        // The order is the one BindUpdate fills; the types are fixed so a prepared statement keeps its plan when a value is null.
        // The names carry their '@': Microsoft.Data.Sqlite otherwise tries each prefix in turn at every bind.
        Add(parameters, create(), "@id", DbType.Int64);
        Add(parameters, create(), "@version", DbType.Int64);
        Add(parameters, create(), "@jobExecutionId", DbType.Int64);
        Add(parameters, create(), "@commit", DbType.Int64);
        Add(parameters, create(), "@read", DbType.Int64);
        Add(parameters, create(), "@filter", DbType.Int64);
        Add(parameters, create(), "@write", DbType.Int64);
        Add(parameters, create(), "@readSkip", DbType.Int64);
        Add(parameters, create(), "@writeSkip", DbType.Int64);
        Add(parameters, create(), "@processSkip", DbType.Int64);
        Add(parameters, create(), "@rollback", DbType.Int64);
        AddTime(parameters, create(), "@now");
        if (_progressOnly)
        {
            return;
        }

        AddTime(parameters, create(), "@start");
        AddTime(parameters, create(), "@end");
        Add(parameters, create(), "@status", DbType.String);
        Add(parameters, create(), "@exitCode", DbType.String);
        Add(parameters, create(), "@exitMessage", DbType.String);
    }

    private static void AddUpsertParameters(DbParameterCollection parameters, Func<DbParameter> create)
    {
        Add(parameters, create(), "@id", DbType.Int64);
        Add(parameters, create(), "@short", DbType.String);
        Add(parameters, create(), "@serialized", DbType.String);
    }

    private void BindUpdate(DbParameterCollection p, StepExecution step, DateTimeOffset now)
    {
        p[0].Value = step.Id;
        p[1].Value = step.Version;
        p[2].Value = step.JobExecution.Id;
        p[3].Value = step.CommitCount;
        p[4].Value = step.ReadCount;
        p[5].Value = step.FilterCount;
        p[6].Value = step.WriteCount;
        p[7].Value = step.ReadSkipCount;
        p[8].Value = step.WriteSkipCount;
        p[9].Value = step.ProcessSkipCount;
        p[10].Value = step.RollbackCount;
        p[11].Value = DbTime.ToDb(now);
        if (_progressOnly)
        {
            return;
        }

        p[12].Value = DbTime.ToDb(step.StartTime);
        p[13].Value = DbTime.ToDb(step.EndTime);
        p[14].Value = step.Status.ToCode();
        p[15].Value = ExitText.Fit(step.ExitStatus.ExitCode);
        p[16].Value = ExitText.Fit(step.ExitStatus.ExitDescription);
    }

    private static void BindUpsert(DbParameterCollection p, StepExecution step, (string Short, string? Serialized) context)
    {
        p[0].Value = step.Id;
        p[1].Value = context.Short;
        p[2].Value = (object?)context.Serialized ?? DBNull.Value;
    }

    private static void Add(DbParameterCollection parameters, DbParameter parameter, string name, DbType type)
    {
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = DBNull.Value;
        parameters.Add(parameter);
    }

    private void AddTime(DbParameterCollection parameters, DbParameter parameter, string name)
    {
        parameter.ParameterName = name;
        _dialect.TypeTimeParameter(parameter);
        parameter.Value = DBNull.Value;
        parameters.Add(parameter);
    }

    /// <summary>What the statements are for: one save, the chunks of a session, or the one commit that ends a session's step.</summary>
    private enum Use
    {
        Once,
        Session,
        SessionEnd,
    }
}
