using System.Runtime.CompilerServices;
using Batch.Items;

namespace Batch.Engine;

/// <summary>
/// The strategy of item steps that overlap their work: multi-threaded steps, read-ahead, concurrent processing and
/// fetch timeouts. Reading is one chain — chunk <c>k + 1</c> is read only after chunk <c>k</c>, so the reader is never
/// called concurrently — and each chunk records the reader's position just after its last read. Up to
/// <see cref="PipelineSettings.AheadWhileWriting"/> chunks are read and processed in the background (processing in
/// parallel) while the driver writes and commits the oldest one; chunks are written and committed one at a time, in the
/// order they were read, so the committed chunks are always a prefix of the input, the saved position is that of the
/// last committed chunk, and the counts are those of the committed chunks: a restart neither loses nor repeats an item.
/// </summary>
/// <remarks>
/// The reader and writer are called by one chunk at a time; the processor (and process listeners) are called
/// concurrently from several threads when chunks are ahead or items are processed concurrently.
/// </remarks>
internal sealed partial class PipelinedChunkStrategy<TIn, TOut> : IChunkStrategy, IAsyncDisposable
{
    private readonly string _stepName;
    private readonly StepExecution _execution;
    private readonly int _chunkSize;
    private readonly IItemReader<TIn> _reader;
    private readonly IItemProcessor<TIn, TOut>? _processor;
    private readonly IItemWriter<TOut> _writer;
    private readonly ItemCalls<TIn, TOut> _calls;
    private readonly Checkpointer _checkpointer;
    private readonly ItemStreams _readerStreams;
    private readonly PipelineSettings _settings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cancellation;
    private readonly FaultTolerantChunkStrategy<TIn, TOut>? _faultTolerant;
    private readonly Queue<ChunkSlot<TIn, TOut>> _inFlight = new();
    private readonly Stack<ChunkSlot<TIn, TOut>> _free = new();
    private Task<bool> _lastRead = Task.FromResult(false);
    private volatile bool _inputEnded;

    public PipelinedChunkStrategy(
        string stepName,
        StepExecution execution,
        int chunkSize,
        IItemReader<TIn> reader,
        IItemProcessor<TIn, TOut>? processor,
        IItemWriter<TOut> writer,
        ItemCalls<TIn, TOut> calls,
        Checkpointer checkpointer,
        ItemStreams readerStreams,
        PipelineSettings settings,
        TimeProvider time,
        FaultTolerantChunkStrategy<TIn, TOut>? faultTolerant,
        CancellationToken cancellationToken)
    {
        _faultTolerant = faultTolerant;
        _stepName = stepName;
        _execution = execution;
        _chunkSize = chunkSize;
        _reader = reader;
        _processor = processor;
        _writer = writer;
        _calls = calls;
        _checkpointer = checkpointer;
        _readerStreams = readerStreams;
        _settings = settings;
        _time = time;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public async ValueTask<ChunkOutcome> RunChunkAsync(CancellationToken cancellationToken)
    {
        if (_inFlight.Count == 0)
        {
            Start(background: _settings.AheadWhileWriting > 0);
        }

        var slot = _inFlight.Dequeue();
        try
        {
            StartAhead(_settings.AheadWhileFilling);
            await slot.ReadDone.Task.ConfigureAwait(false);
            await slot.Fill.ConfigureAwait(false);
            if (slot.Read == 0 && slot.ReadSkips == 0)
            {
                return ChunkOutcome.Empty;
            }

            StartAhead(_settings.AheadWhileWriting);
            if (_faultTolerant is null)
            {
                await ChunkCommit.WriteAndCommitAsync(
                    _execution, _checkpointer, _calls, _writer, slot.Output, new ChunkFill(slot.Read, slot.Filtered, slot.EndOfInput), slot.ReaderPosition, ChunkOutcome.More,
                    cancellationToken)
                    .ConfigureAwait(false);
            }
            else
            {
                var tally = new ChunkTally { Read = slot.Read, Filtered = slot.Filtered, ReadSkips = slot.ReadSkips, ProcessSkips = slot.ProcessSkips };
                await _faultTolerant.CommitFilledAsync(slot.Output, tally, slot.Skipped!, slot.ReaderPosition, cancellationToken).ConfigureAwait(false);
            }
            return slot.EndOfInput ? ChunkOutcome.Last : ChunkOutcome.More;
        }
        catch (Exception)
        {
            // The step fails: the chunks ahead are abandoned (their items were never committed).
            _ = Forget(slot);
            throw;
        }
        finally
        {
            if (!slot.FetchTimedOut)
            {
                _free.Push(slot);
            }
        }
    }

    /// <summary>Cancels the chunks ahead and waits for them, so that no reader or processor call outlives the step.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync().ConfigureAwait(false);
        while (_inFlight.TryDequeue(out var slot))
        {
            // A chunk whose fetch timed out may hang on a reader that ignores its token: it is not waited for.
            if (!slot.FetchTimedOut)
            {
                await Forget(slot).ConfigureAwait(false);
            }
        }

        _cancellation.Dispose();
    }

    /// <summary>Waits for a chunk's fill to end, observing its failure (the step already failed or stopped).</summary>
    private static async Task Forget(ChunkSlot<TIn, TOut> slot)
    {
        try
        {
            await slot.Fill.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the chunk is abandoned: its failure is not the step's
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Starts background fills until <paramref name="ahead"/> chunks are in flight besides the current one (none once the input ended).</summary>
    private void StartAhead(int ahead)
    {
        while (_inFlight.Count < ahead && !_inputEnded)
        {
            Start(background: true);
        }
    }

    /// <summary>Starts filling the next chunk: after the previous chunk's read, in the background or right here.</summary>
    private void Start(bool background)
    {
        var slot = _free.TryPop(out var reused) ? reused : new ChunkSlot<TIn, TOut>(_chunkSize, _settings.ProcessConcurrency, _faultTolerant is not null);
        slot.Reset();
        var previousRead = _lastRead;
        _lastRead = slot.ReadDone.Task;
        var token = _cancellation.Token;
        slot.Fill = background
            ? Task.Run(() => FillAsync(slot, previousRead, token), CancellationToken.None)
            : FillAsync(slot, previousRead, token);
        _inFlight.Enqueue(slot);
    }

    private async Task FillAsync(ChunkSlot<TIn, TOut> slot, Task<bool> previousRead, CancellationToken cancellationToken)
    {
        bool inputEnded;
        try
        {
            inputEnded = await previousRead.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The previous chunk's read failed: the step fails with that chunk; this one reads nothing.
            slot.ReadDone.TrySetException(ex);
            throw;
        }

        if (inputEnded || cancellationToken.IsCancellationRequested)
        {
            slot.EndOfInput = inputEnded;
            slot.ReadDone.TrySetResult(inputEnded);
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }

        try
        {
            await ReadAsync(slot, cancellationToken).ConfigureAwait(false);
            slot.ReadDone.TrySetResult(slot.EndOfInput);
        }
        catch (Exception ex)
        {
            slot.ReadDone.TrySetException(ex);
            throw;
        }

        await ProcessAsync(slot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the chunk's items within the fetch timeout, then records the reader's position.</summary>
    private async Task ReadAsync(ChunkSlot<TIn, TOut> slot, CancellationToken cancellationToken)
    {
        using var fetch = _settings.FetchTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = fetch is null ? null : _time.CreateTimer(
            static state => ((FetchDeadline)state!).Expire(), new FetchDeadline(this, slot, fetch), _settings.FetchTimeout!.Value, Timeout.InfiniteTimeSpan);
        var token = fetch?.Token ?? cancellationToken;
        var items = slot.Items;
        var read = 0;
        var faultTolerant = _faultTolerant;
        while (read < items.Length)
        {
            ItemResult<TIn> result;
            try
            {
                result = await _calls.ReadAsync(_reader, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (faultTolerant is not null && faultTolerant.Policy.IsSkippable(ex, faultTolerant.CommittedSkips + Skips(slot)))
            {
                var position = faultTolerant.ReadPosition(ex);
                faultTolerant.Policy.CheckSkipLimit(faultTolerant.CommittedSkips + Skips(slot), ex, position);
                slot.ReadSkips++;
                slot.Skipped!.Add(new(SkipPhase.Read, ex, position, default, default));
                continue;
            }

            if (!result.HasItem)
            {
                slot.EndOfInput = true;
                _inputEnded = true;
                break;
            }

            items[read++] = result.Item;
        }

        slot.Read = read;
        await _readerStreams.UpdateAsync(slot.ReaderPosition, token).ConfigureAwait(false);
        if (slot.FetchTimedOut)
        {
            throw new OperationCanceledException(token);
        }
    }

    /// <summary>Fails a chunk whose fetch ran past the fetch timeout: its wait is cut even if the reader ignores its token.</summary>
    private sealed class FetchDeadline(PipelinedChunkStrategy<TIn, TOut> strategy, ChunkSlot<TIn, TOut> slot, CancellationTokenSource fetch)
    {
        public void Expire()
        {
            if (slot.ReadDone.Task.IsCompleted)
            {
                return;
            }

            slot.FetchTimedOut = true;
            var timeout = strategy._settings.FetchTimeout!.Value;
            slot.ReadDone.TrySetException(new StepTimeoutException(
                $"Reader of step '{strategy._stepName}' did not deliver a chunk of {strategy._chunkSize} items within the fetch timeout of {Durations.Describe(timeout)}; " +
                "the step failed and a restart resumes from its last committed chunk. Check the source the reader waits on, or raise the fetch timeout."));
            try
            {
                fetch.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The read ended meanwhile.
            }
        }
    }
}
