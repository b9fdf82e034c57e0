using System.Runtime.CompilerServices;
using Batch.Items;

namespace Batch.Engine;

/// <summary>
/// The strategy of an item step without fault tolerance: fills the chunk (<see cref="ChunkFiller{TIn, TOut}"/>), writes
/// it in the chunk's transaction and commits the checkpoint with it; any failure rolls the chunk back and fails the step.
/// The engine adds nothing per item beyond the calls to the reader, processor and writer.
/// </summary>
internal sealed class ItemChunkStrategy<TIn, TOut> : IChunkStrategy
{
    private readonly StepExecution _execution;
    private readonly ChunkFiller<TIn, TOut> _filler;
    private readonly IItemWriter<TOut> _writer;
    private readonly ItemCalls<TIn, TOut> _calls;
    private readonly Checkpointer _checkpointer;
    private readonly Chunk<TOut> _chunk;

    public ItemChunkStrategy(
        StepExecution execution, ChunkFiller<TIn, TOut> filler, IItemWriter<TOut> writer, ItemCalls<TIn, TOut> calls, Checkpointer checkpointer)
    {
        _execution = execution;
        _filler = filler;
        _writer = writer;
        _calls = calls;
        _checkpointer = checkpointer;
        _chunk = new Chunk<TOut>(filler.ChunkSize);
    }

    /// <summary>
    /// Fills the chunk and hands on the commit's task: no asynchronous method of its own while the chunk fills synchronously
    /// (a buffered reader mostly does), so each chunk runs one state machine less.
    /// </summary>
    public ValueTask<ChunkOutcome> RunChunkAsync(CancellationToken cancellationToken)
    {
        var chunk = _chunk;
        chunk.Clear();
        var filling = _filler.FillAsync(chunk, cancellationToken);
        return filling.IsCompletedSuccessfully ? CommitAsync(filling.Result, cancellationToken) : FillAndCommitAsync(filling, cancellationToken);
    }

    private ValueTask<ChunkOutcome> CommitAsync(ChunkFill fill, CancellationToken cancellationToken) =>
        fill.Read == 0
            ? new ValueTask<ChunkOutcome>(ChunkOutcome.Empty)
            : ChunkCommit.WriteAndCommitAsync(
                _execution, _checkpointer, _calls, _writer, _chunk, fill, null, fill.EndOfInput ? ChunkOutcome.Last : ChunkOutcome.More, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ChunkOutcome> FillAndCommitAsync(ValueTask<ChunkFill> filling, CancellationToken cancellationToken)
    {
        var fill = await filling.ConfigureAwait(false);
        return await CommitAsync(fill, cancellationToken).ConfigureAwait(false);
    }
}
