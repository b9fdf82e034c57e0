using System.Data.Common;

namespace Batch.Infrastructure.Repository;

/// <summary>
/// The transaction of one chunk. Writers to the repository's database write through <see cref="Connection"/>
/// and <see cref="Transaction"/>; <see cref="CommitAsync"/> adds the step's checkpoint (<see cref="CheckpointStatements"/>)
/// and commits everything at once. In a <see cref="RelationalChunkSession"/> the connection and statements belong to
/// the session; a lone chunk (<see cref="RelationalJobRepository.BeginChunkAsync"/>) owns them and gives them back on dispose.
/// </summary>
/// <remarks>
/// Where the dialect begins chunks lazily (SQLite, whose file has one write lock for every process), the transaction is begun
/// — BEGIN IMMEDIATE, which takes the write lock — only when the writer first asks for <see cref="Connection"/> or
/// <see cref="Transaction"/>, or at the commit: the lock is never held across the chunk's reading and processing or across a
/// writer's work before it touches the database. Beginning it before the writer's first statement (not deferred to that
/// statement) keeps a writer that reads before it writes safe: its read and its write see one snapshot, so it never meets
/// SQLITE_BUSY_SNAPSHOT. Everything it writes still commits atomically with the checkpoint (guarantee 3).
/// </remarks>
internal sealed class RelationalChunkTransaction : IChunkTransaction
{
    private readonly DbConnection _connection;
    private DbTransaction? _transaction;
    private readonly CheckpointStatements _statements;
    private readonly StepExecution _step;
    private readonly TimeProvider _time;
    private readonly bool _ownsConnection;
    private bool _completed;

    public RelationalChunkTransaction(
        DbConnection connection, DbTransaction? transaction, CheckpointStatements statements, StepExecution step, TimeProvider time, bool ownsConnection)
    {
        _connection = connection;
        _transaction = transaction;
        _statements = statements;
        _step = step;
        _time = time;
        _ownsConnection = ownsConnection;
    }

    /// <summary>The chunk's connection; asking for it begins the transaction if it has not begun, so the writer's statements run in it.</summary>
    public DbConnection Connection
    {
        get
        {
            Begin();
            return _connection;
        }
    }

    /// <summary>The chunk's transaction, begun at the first ask.</summary>
    public DbTransaction Transaction => Begin();

    DbConnection? IChunkTransaction.Connection => Connection;

    DbTransaction? IChunkTransaction.Transaction => Transaction;

    /// <summary>
    /// Saves the checkpoint and commits (<see cref="CheckpointStatements.CommitChunkAsync"/>: on PostgreSQL in one round trip);
    /// a stale step execution rolls the chunk back and throws. No asynchronous method of its own once the transaction has begun.
    /// </summary>
    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            throw new InvalidOperationException("This chunk transaction was already committed or rolled back.");
        }

        if (_transaction is null)
        {
            // Begun lazily (SQLite): Microsoft.Data.Sqlite begins synchronously, so this mostly goes straight on.
            var beginning = _connection.BeginTransactionAsync(cancellationToken);
            if (!beginning.IsCompletedSuccessfully)
            {
                return BeginAndCommitAsync(beginning, cancellationToken);
            }

            _transaction = beginning.Result;
        }

        // Completed from here on, whatever the outcome: a failed commit is not rolled back again (the database did, or the
        // transaction's dispose does).
        _completed = true;
        return _statements.CommitChunkAsync(_connection, _transaction, _step, _time.GetUtcNow(), cancellationToken);
    }

    private async ValueTask BeginAndCommitAsync(ValueTask<DbTransaction> beginning, CancellationToken cancellationToken)
    {
        _transaction = await beginning.ConfigureAwait(false);
        await CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RollbackAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_transaction is { } transaction)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is { } transaction)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsConnection)
        {
            await _statements.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Begins the transaction on first use (a writer's synchronous property access: Microsoft.Data.Sqlite begins synchronously anyway).</summary>
    private DbTransaction Begin()
    {
        if (_transaction is null)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            _transaction = _connection.BeginTransaction();
        }

        return _transaction;
    }
}
