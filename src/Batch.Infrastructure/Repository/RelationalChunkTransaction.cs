using System.Data.Common;

namespace Batch.Infrastructure.Repository;

/// <summary>
/// The transaction of one chunk. Writers to the repository's database write through <see cref="Connection"/>
/// and <see cref="Transaction"/>; <see cref="CommitAsync"/> adds the step's checkpoint (<see cref="CheckpointStatements"/>)
/// and commits everything at once. In a <see cref="RelationalChunkSession"/> the connection and statements belong to
/// the session; a lone chunk (<see cref="RelationalJobRepository.BeginChunkAsync"/>) owns them and gives them back on dispose.
/// </summary>
internal sealed class RelationalChunkTransaction : IChunkTransaction
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly CheckpointStatements _statements;
    private readonly StepExecution _step;
    private readonly TimeProvider _time;
    private readonly bool _ownsConnection;
    private bool _completed;

    public RelationalChunkTransaction(
        DbConnection connection, DbTransaction transaction, CheckpointStatements statements, StepExecution step, TimeProvider time, bool ownsConnection)
    {
        _connection = connection;
        _transaction = transaction;
        _statements = statements;
        _step = step;
        _time = time;
        _ownsConnection = ownsConnection;
    }

    public DbConnection Connection => _connection;

    public DbTransaction Transaction => _transaction;

    DbConnection? IChunkTransaction.Connection => _connection;

    DbTransaction? IChunkTransaction.Transaction => _transaction;

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            throw new InvalidOperationException("This chunk transaction was already committed or rolled back.");
        }

        var now = _time.GetUtcNow();
        var outcome = await _statements.SaveAsync(_transaction, _step, now, cancellationToken).ConfigureAwait(false);
        if (!outcome.Matched)
        {
            await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw await StepCheckpoint.StaleAsync(_connection, _step, cancellationToken).ConfigureAwait(false);
        }

        _completed = true;
        await _transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        StepCheckpoint.Committed(_step, now, outcome);
    }

    public async ValueTask RollbackAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        await _transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync().ConfigureAwait(false);
        if (_ownsConnection)
        {
            await _statements.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
