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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ChunkOutcome> RunChunkAsync(CancellationToken cancellationToken)
    {
        var chunk = _chunk;
        chunk.Clear();
        var fill = await _filler.FillAsync(chunk, cancellationToken).ConfigureAwait(false);
        if (fill.Read == 0)
        {
            return ChunkOutcome.Empty;
        }

        await ChunkCommit.WriteAndCommitAsync(_execution, _checkpointer, _calls, _writer, chunk, fill, null, cancellationToken).ConfigureAwait(false);
        return fill.EndOfInput ? ChunkOutcome.Last : ChunkOutcome.More;
    }
}
