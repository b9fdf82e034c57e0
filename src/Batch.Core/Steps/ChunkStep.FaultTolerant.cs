using System.Runtime.CompilerServices;
using Batch.Engine;
using Batch.Items;
using Polly;

namespace Batch.Steps;

public sealed partial class ChunkStep<TIn, TOut>
{
    /// <summary>The step context key of the skips committed by all executions of the step in this job instance.</summary>
    internal const string SkipCountKey = "batch.step.skip.count";

    /// <summary>
    /// The chunk loop of a fault-tolerant step (one per execution): skips failed reads, retries and skips
    /// failed processing, retries failed writes and scans a failed chunk item by item. Counts of a chunk
    /// reach the step execution only with its commit, so a rollback leaves nothing behind.
    /// </summary>
    private sealed partial class FaultTolerantLoop
    {
        private const string ProcessOperation = "process an item";
        private const string WriteChunkOperation = "write a chunk";
        private const string WriteItemOperation = "write an item";

        private readonly ChunkStep<TIn, TOut> _step;
        private readonly StepExecution _execution;
        private readonly StepContext _context;
        private readonly IItemReader<TIn> _reader;
        private readonly IItemProcessor<TIn, TOut>? _processor;
        private readonly IItemWriter<TOut> _writer;
        private readonly ItemCalls<TIn, TOut> _calls;
        private readonly Checkpointer _checkpointer;
        private readonly FaultPolicy _policy;
        private readonly Chunk<TOut> _chunk;
        private readonly Chunk<TOut> _single = new(1);
        private readonly List<SkippedItem<TIn, TOut>> _skipped = [];
        private readonly long _earlierSkips;
        private ChunkTally _tally;
        private bool _rolledBack;

        public FaultTolerantLoop(
            ChunkStep<TIn, TOut> step,
            StepExecution execution,
            StepContext context,
            IItemReader<TIn> reader,
            IItemProcessor<TIn, TOut>? processor,
            IItemWriter<TOut> writer,
            ItemCalls<TIn, TOut> calls,
            Checkpointer checkpointer)
        {
            _step = step;
            _execution = execution;
            _context = context;
            _reader = reader;
            _processor = processor;
            _writer = writer;
            _calls = calls;
            _checkpointer = checkpointer;
            _policy = new FaultPolicy(step._faultRules!, context.Runtime, step.Name);
            _chunk = new Chunk<TOut>(step._chunkSize);
            _earlierSkips = execution.ExecutionContext.GetLong(SkipCountKey, 0);
        }

        private long SkipsSoFar => _earlierSkips + _execution.SkipCount + _tally.Skips;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var endOfInput = false;
            while (!endOfInput)
            {
                StopSignal.ThrowIfRequested(_execution, cancellationToken);
                _checkpointer.StartChunk();
                endOfInput = await RunChunkAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<bool> RunChunkAsync(CancellationToken cancellationToken)
        {
            var listeners = _step._chunkListeners;
            var committed = false;
            _chunk.Clear();
            _skipped.Clear();
            _tally = default;
            _rolledBack = false;
            try
            {
                for (var i = 0; i < listeners.Length; i++)
                {
                    await listeners[i].BeforeChunkAsync(_execution, cancellationToken).ConfigureAwait(false);
                }

                var endOfInput = await ReadAndProcessAsync(cancellationToken).ConfigureAwait(false);
                if (_tally.Read == 0 && _tally.ReadSkips == 0)
                {
                    return true;
                }

                await WriteAndCommitAsync(cancellationToken).ConfigureAwait(false);
                committed = true;
                await ReportSkipsAsync(cancellationToken).ConfigureAwait(false);
                for (var i = listeners.Length - 1; i >= 0; i--)
                {
                    await listeners[i].AfterChunkAsync(_execution, cancellationToken).ConfigureAwait(false);
                }

                return endOfInput;
            }
            catch (Exception ex) when (!committed)
            {
                if (!_rolledBack)
                {
                    await _checkpointer.RollbackAsync(null).ConfigureAwait(false);
                }

                await ChunkListeners.ErrorAsync(listeners, _execution, ex).ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>Fills the chunk; returns true at the end of the input.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<bool> ReadAndProcessAsync(CancellationToken cancellationToken)
        {
            while (_tally.Read < _step._chunkSize)
            {
                ItemResult<TIn> result;
                try
                {
                    result = await _calls.ReadAsync(_reader, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (_policy.IsSkippable(ex, SkipsSoFar))
                {
                    var position = PositionOf(ex);
                    _policy.CheckSkipLimit(SkipsSoFar, ex, position);
                    _tally.ReadSkips++;
                    _skipped.Add(new(SkipPhase.Read, ex, position, default, default));
                    continue;
                }

                if (!result.HasItem)
                {
                    return true;
                }

                _tally.Read++;
                var item = result.Item;
                if (_processor is null)
                {
                    _chunk.Add(Unsafe.As<TIn, TOut>(ref item));
                    continue;
                }

                ItemResult<TOut> processed;
                try
                {
                    processed = await ProcessAsync(_processor, item, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (_policy.IsSkippable(ex, SkipsSoFar))
                {
                    _policy.CheckSkipLimit(SkipsSoFar, ex, null);
                    _tally.ProcessSkips++;
                    _skipped.Add(new(SkipPhase.Process, ex, null, item, default));
                    continue;
                }

                if (processed.HasItem)
                {
                    _chunk.Add(processed.Item);
                }
                else
                {
                    _tally.Filtered++;
                }
            }

            return false;
        }

        private async ValueTask<ItemResult<TOut>> ProcessAsync(IItemProcessor<TIn, TOut> processor, TIn item, CancellationToken cancellationToken)
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
            var listeners = _step._skipListeners;
            foreach (var skip in _skipped)
            {
                FaultLog.Skipped(_context.Runtime, _policy.Classifier, _step.Name, skip.Describe(), skip.Exception);
                foreach (var listener in listeners)
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

        private string? PositionOf(Exception exception)
        {
            for (var current = exception; current is not null; current = current.InnerException)
            {
                if (current is MalformedItemException { Position: { } position })
                {
                    return position;
                }
            }

            return (_reader as IItemPositionProvider)?.CurrentPosition;
        }
    }
}
