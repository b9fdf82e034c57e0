using System.Runtime.CompilerServices;
using Batch.Items;
using Batch.Repository;
using Polly;

namespace Batch.Engine;

/// <summary>The write side of the fault-tolerant strategy: whole-chunk attempts with retry, then the item-by-item scan.</summary>
internal sealed partial class FaultTolerantChunkStrategy<TIn, TOut>
{
    /// <summary>Writes and commits the chunk, retrying whole-chunk attempts; a skippable failure scans the chunk item by item.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAndCommitAsync(CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(WriteChunkOperation, cancellationToken);
        try
        {
            await _policy.Retry.ExecuteAsync(static (ctx, loop) => loop.WriteChunkOnceAsync(ctx.CancellationToken), context, this).ConfigureAwait(false);
        }
        catch (Exception ex) when (_chunk.Count > 0 && _policy.IsSkippable(ex, SkipsSoFar))
        {
            await ScanAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt at the whole chunk, in its own transaction.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteChunkOnceAsync(CancellationToken cancellationToken)
    {
        var transaction = await _checkpointer.BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_chunk.Count > 0)
            {
                _chunk.Transaction = transaction;
                await WriteKeepingNoRollbackAsync(_chunk, cancellationToken).ConfigureAwait(false);
            }

            await CommitAsync(transaction, _chunk.Count, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await _checkpointer.RollbackAsync(transaction).ConfigureAwait(false);
            throw;
        }
        finally
        {
            _chunk.Transaction = null;
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the items one by one in one transaction, a savepoint around each: the bad ones are skipped,
    /// the good ones commit together with the checkpoint of the whole chunk.
    /// </summary>
    private async ValueTask ScanAsync(CancellationToken cancellationToken)
    {
        var transaction = await _checkpointer.BeginAsync(cancellationToken).ConfigureAwait(false);
        var context = ResilienceContextPool.Shared.Get(WriteItemOperation, cancellationToken);
        try
        {
            var written = 0;
            _single.Transaction = transaction;
            for (var i = 0; i < _chunk.Count; i++)
            {
                var item = _chunk[i];
                _single.Clear();
                _single.Add(item);
                try
                {
                    await _policy.Retry.ExecuteAsync(static (ctx, state) => state.Loop.WriteItemOnceAsync(state.Transaction, ctx.CancellationToken), context, (Loop: this, Transaction: transaction))
                        .ConfigureAwait(false);
                    written++;
                }
                catch (Exception ex) when (_policy.IsSkippable(ex, SkipsSoFar))
                {
                    _policy.CheckSkipLimit(SkipsSoFar, ex, null);
                    _tally.WriteSkips++;
                    _skipped.Add(new(SkipPhase.Write, ex, null, default, item));
                }
            }

            await CommitAsync(transaction, written, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await _checkpointer.RollbackAsync(transaction).ConfigureAwait(false);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            _single.Clear();
            _single.Transaction = null;
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask WriteItemOnceAsync(IChunkTransaction transaction, CancellationToken cancellationToken)
    {
        await Savepoint.SaveAsync(transaction, cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteKeepingNoRollbackAsync(_single, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await Savepoint.RollbackAsync(transaction).ConfigureAwait(false);
            throw;
        }

        await Savepoint.ReleaseAsync(transaction, cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteKeepingNoRollbackAsync(Chunk<TOut> items, CancellationToken cancellationToken)
    {
        try
        {
            await _calls.WriteAsync(_writer, items, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_policy.IsNoRollback(ex))
        {
            FaultLog.NotRolledBack(_runtime, _stepName, ex);
        }
    }

    /// <summary>Applies the chunk's counts (and the cumulative skip count) and commits them with the checkpoint.</summary>
    private ValueTask CommitAsync(IChunkTransaction transaction, long written, CancellationToken cancellationToken)
    {
        var execution = _execution;
        execution.ReadCount += _tally.Read;
        execution.FilterCount += _tally.Filtered;
        execution.WriteCount += written;
        execution.ReadSkipCount += _tally.ReadSkips;
        execution.ProcessSkipCount += _tally.ProcessSkips;
        execution.WriteSkipCount += _tally.WriteSkips;
        if (_tally.Skips > 0)
        {
            execution.ExecutionContext.Put(SkipCountKey, _earlierSkips + execution.SkipCount);
        }

        if (_readerPosition is not null)
        {
            execution.ExecutionContext.PutAll(_readerPosition);
        }

        return _checkpointer.CommitAsync(transaction, cancellationToken);
    }
}
