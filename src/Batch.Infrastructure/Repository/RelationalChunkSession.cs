using System.Data;
using System.Data.Common;
using Batch.Infrastructure.Repository.Dialects;

namespace Batch.Infrastructure.Repository;

/// <summary>
/// The chunks of one step execution on one connection: opened at the first chunk, kept with its checkpoint
/// statements (prepared on PostgreSQL) until the step ends, so a chunk costs its BEGIN, the writer's work,
/// the checkpoint and the COMMIT, and nothing for the pool or for parsing. A connection found closed or broken
/// (the server restarted, a writer closed it) is replaced at the next chunk.
/// </summary>
internal sealed class RelationalChunkSession : IChunkSession
{
    private readonly SqlDialect _dialect;
    private readonly Func<CancellationToken, ValueTask<DbConnection>> _open;
    private readonly StepExecution _step;
    private readonly TimeProvider _time;
    private DbConnection? _connection;
    private CheckpointStatements? _statements;

    public RelationalChunkSession(SqlDialect dialect, Func<CancellationToken, ValueTask<DbConnection>> open, StepExecution step, TimeProvider time)
    {
        _dialect = dialect;
        _open = open;
        _step = step;
        _time = time;
    }

    public async ValueTask<IChunkTransaction> BeginChunkAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: not ConnectionState.Open })
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        if (_connection is null)
        {
            _connection = await _open(cancellationToken).ConfigureAwait(false);
            _statements = CheckpointStatements.Create(_dialect, _connection, session: true);
        }

        try
        {
            var transaction = _dialect.BeginsChunksLazily ? null : await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new RelationalChunkTransaction(_connection, transaction, _statements!, _step, _time, ownsConnection: false);
        }
        catch
        {
            // The connection may be the reason; the next chunk starts on a fresh one.
            await ReleaseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A commit of a step execution no longer running saves its status, end time and exit status (<see cref="CheckpointStatements"/>).</summary>
    public bool SavesStepEndWithLastChunk => true;

    public ValueTask DisposeAsync() => ReleaseAsync();

    private async ValueTask ReleaseAsync()
    {
        var statements = _statements;
        var connection = _connection;
        _statements = null;
        _connection = null;
        try
        {
            if (statements is not null)
            {
                await statements.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
