using System.Data.Common;
using Batch.Infrastructure.Repository.Dialects;
using Batch.Repository;

namespace Batch.Infrastructure.Repository;

/// <summary>
/// The transaction of one chunk on a pooled connection of its own. Writers to the repository's database
/// write through <see cref="Connection"/> and <see cref="Transaction"/>; <see cref="CommitAsync"/> adds the
/// step's checkpoint (<see cref="StepCheckpoint"/>) and commits everything at once.
/// </summary>
internal sealed class RelationalChunkTransaction : IChunkTransaction
{
    private readonly SqlDialect _dialect;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly StepExecution _step;
    private readonly TimeProvider _time;
    private bool _completed;

    public RelationalChunkTransaction(SqlDialect dialect, DbConnection connection, DbTransaction transaction, StepExecution step, TimeProvider time)
    {
        _dialect = dialect;
        _connection = connection;
        _transaction = transaction;
        _step = step;
        _time = time;
    }

    public DbConnection Connection => _connection;

    public DbTransaction Transaction => _transaction;

    DbConnection? IChunkTransaction.Connection => _connection;

    DbTransaction? IChunkTransaction.Transaction => _transaction;

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            throw new InvalidOperationException("This chunk transaction was already committed or rolled back.");
        }

        var now = _time.GetUtcNow();
        var outcome = await StepCheckpoint.SaveAsync(_dialect, _connection, _transaction, _step, now, cancellationToken).ConfigureAwait(false);
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
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
