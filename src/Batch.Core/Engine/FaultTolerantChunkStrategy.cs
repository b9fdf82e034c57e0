using System.Runtime.CompilerServices;
using Batch.Items;
using Batch.Listeners;
using Polly;

namespace Batch.Engine;

/// <summary>
/// The strategy of a fault-tolerant item step: skips failed reads, retries and skips failed processing (through the
/// one <see cref="ChunkFiller{TIn, TOut}"/>), retries failed writes and scans a failed chunk item by item
/// (<c>FaultTolerantChunkStrategy.Write.cs</c>). Counts of a chunk are applied to the step execution only at its
/// commit, so a rollback leaves nothing behind.
/// </summary>
internal sealed partial class FaultTolerantChunkStrategy<TIn, TOut> : IChunkStrategy, IItemFaultHandler<TIn, TOut>
{
    /// <summary>The step context key of the skips committed by all executions of the step in this job instance.</summary>
    internal const string SkipCountKey = "batch.step.skip.count";

    private const string ProcessOperation = "process an item";
    private const string WriteChunkOperation = "write a chunk";
    private const string WriteItemOperation = "write an item";

    private readonly string _stepName;
    private readonly StepExecution _execution;
    private readonly JobRuntime _runtime;
    private readonly ChunkFiller<TIn, TOut> _filler;
    private readonly IItemWriter<TOut> _writer;
    private readonly ItemCalls<TIn, TOut> _calls;
    private readonly Checkpointer _checkpointer;
    private readonly FaultPolicy _policy;
    private readonly ISkipListener<TIn, TOut>[] _skipListeners;
    private readonly Chunk<TOut> _chunk;
    private readonly Chunk<TOut> _single = new(1);
    private readonly List<SkippedItem<TIn, TOut>> _skipped = [];
    private readonly long _earlierSkips;
    private readonly IItemPositionProvider? _positions;
    private ChunkTally _tally;

    public FaultTolerantChunkStrategy(
        string stepName,
        StepExecution execution,
        JobRuntime runtime,
        FaultRules rules,
        int chunkSize,
        IItemReader<TIn> reader,
        IItemProcessor<TIn, TOut>? processor,
        IItemWriter<TOut> writer,
        ItemCalls<TIn, TOut> calls,
        Checkpointer checkpointer,
        ISkipListener<TIn, TOut>[] skipListeners)
    {
        _stepName = stepName;
        _execution = execution;
        _runtime = runtime;
        _writer = writer;
        _calls = calls;
        _checkpointer = checkpointer;
        _skipListeners = skipListeners;
        _policy = new FaultPolicy(rules, runtime, stepName);
        _filler = new ChunkFiller<TIn, TOut>(chunkSize, reader, processor, calls, this);
        _chunk = new Chunk<TOut>(chunkSize);
        _earlierSkips = execution.ExecutionContext.GetLong(SkipCountKey, 0);
        _positions = reader as IItemPositionProvider;
    }

    private long SkipsSoFar => _earlierSkips + _execution.SkipCount + _tally.Skips;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ChunkOutcome> RunChunkAsync(CancellationToken cancellationToken)
    {
        _chunk.Clear();
        _skipped.Clear();
        _tally = default;
        var fill = await _filler.FillAsync(_chunk, cancellationToken).ConfigureAwait(false);
        _tally.Read = fill.Read;
        _tally.Filtered = fill.Filtered;
        if (_tally.Read == 0 && _tally.ReadSkips == 0)
        {
            return ChunkOutcome.Empty;
        }

        await WriteAndCommitAsync(cancellationToken).ConfigureAwait(false);
        await ReportSkipsAsync(cancellationToken).ConfigureAwait(false);
        return fill.EndOfInput ? ChunkOutcome.Last : ChunkOutcome.More;
    }

    /// <inheritdoc />
    public bool IsSkippable(Exception exception) => _policy.IsSkippable(exception, SkipsSoFar);

    /// <inheritdoc />
    public void SkipRead(Exception exception)
    {
        var position = PositionOf(exception);
        _policy.CheckSkipLimit(SkipsSoFar, exception, position);
        _tally.ReadSkips++;
        _skipped.Add(new(SkipPhase.Read, exception, position, default, default));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The filler processes each item right after reading it, before the next read, so the reader's position (when it
    /// implements <see cref="IItemPositionProvider"/>) still names the item read: it is taken here, only for an item that
    /// is skipped, and costs nothing per item otherwise.
    /// </remarks>
    public void SkipProcess(Exception exception, TIn item)
    {
        var position = PositionOf(exception);
        _policy.CheckSkipLimit(SkipsSoFar, exception, position);
        _tally.ProcessSkips++;
        _skipped.Add(new(SkipPhase.Process, exception, position, item, default));
    }

    /// <inheritdoc />
    public async ValueTask<ItemResult<TOut>> ProcessAsync(IItemProcessor<TIn, TOut> processor, TIn item, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(ProcessOperation, cancellationToken);
        try
        {
            return await _policy.Retry.ExecuteAsync(
                static (ctx, state) => state.Calls.ProcessAsync(state.Processor, state.Item, ctx.CancellationToken),
                context,
                (Calls: _calls, Processor: processor, Item: item)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Tells the log and the skip listeners about the skips of the chunk that just committed.</summary>
    private async ValueTask ReportSkipsAsync(CancellationToken cancellationToken)
    {
        foreach (var skip in _skipped)
        {
            FaultLog.Skipped(_runtime, _policy.Classifier, _execution, skip.Describe(), skip.Exception);
            foreach (var listener in _skipListeners)
            {
                var call = skip.Phase switch
                {
                    SkipPhase.Read => listener.OnSkipInReadAsync(skip.Exception, skip.Position, cancellationToken),
                    SkipPhase.Process => listener.OnSkipInProcessAsync(skip.Input!, skip.Exception, cancellationToken),
                    _ => listener.OnSkipInWriteAsync(skip.Output!, skip.Exception, cancellationToken),
                };
                await call.ConfigureAwait(false);
            }
        }
    }

    private string? PositionOf(Exception exception) => MalformedPosition(exception) ?? _positions?.CurrentPosition;
}
