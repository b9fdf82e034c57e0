using Batch.Items;
using Batch.Listeners;

namespace Batch.Engine;

/// <summary>
/// The per-item calls of one chunk step execution: read, process and write with their listeners, and
/// reads cut by the step's read timeout. When a step has no item listeners and no timeout, a read is a
/// plain call to the reader: nothing is added to the hot path.
/// </summary>
internal sealed class ItemCalls<TIn, TOut> : IDisposable
{
    private readonly string _stepName;
    private readonly IItemReadListener<TIn>[] _readListeners;
    private readonly IItemProcessListener<TIn, TOut>[] _processListeners;
    private readonly IItemWriteListener<TOut>[] _writeListeners;
    private readonly bool _plainRead;
    private readonly TimeSpan? _readTimeout;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource? _readCancellation;

    /// <param name="stepName">The step, for messages.</param>
    /// <param name="readListeners">Read listeners.</param>
    /// <param name="processListeners">Process listeners.</param>
    /// <param name="writeListeners">Write listeners.</param>
    /// <param name="readTimeout">How long one read may take, or null.</param>
    /// <param name="timedReads">Whether reads must be cut when the step is cancelled even if the reader ignores its token (a step timeout is set).</param>
    /// <param name="time">The clock for the read timeout.</param>
    /// <param name="cancellationToken">The step's token.</param>
    public ItemCalls(
        string stepName,
        IItemReadListener<TIn>[] readListeners,
        IItemProcessListener<TIn, TOut>[] processListeners,
        IItemWriteListener<TOut>[] writeListeners,
        TimeSpan? readTimeout,
        bool timedReads,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        _stepName = stepName;
        _readListeners = readListeners;
        _processListeners = processListeners;
        _writeListeners = writeListeners;
        _readTimeout = readTimeout;
        _time = time;
        if (timedReads || readTimeout is not null)
        {
            _readCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        _plainRead = _readListeners.Length == 0 && _readCancellation is null;
        IsPlain = _plainRead && _processListeners.Length == 0;
    }

    /// <summary>True when reads and process calls are plain calls (no listeners, no timeout), so the step may call the reader and processor directly.</summary>
    public bool IsPlain { get; }

    public ValueTask<ItemResult<TIn>> ReadAsync(IItemReader<TIn> reader, CancellationToken cancellationToken) =>
        _plainRead ? reader.ReadAsync(cancellationToken) : ReadWithListenersAsync(reader, cancellationToken);

    public ValueTask<ItemResult<TOut>> ProcessAsync(IItemProcessor<TIn, TOut> processor, TIn item, CancellationToken cancellationToken) =>
        _processListeners.Length == 0 ? processor.ProcessAsync(item, cancellationToken) : ProcessWithListenersAsync(processor, item, cancellationToken);

    public ValueTask WriteAsync(IItemWriter<TOut> writer, Chunk<TOut> chunk, CancellationToken cancellationToken) =>
        _writeListeners.Length == 0 ? writer.WriteAsync(chunk, cancellationToken) : WriteWithListenersAsync(writer, chunk, cancellationToken);

    private async ValueTask WriteWithListenersAsync(IItemWriter<TOut> writer, Chunk<TOut> chunk, CancellationToken cancellationToken)
    {
        foreach (var listener in _writeListeners)
        {
            await listener.BeforeWriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var listener in _writeListeners)
            {
                await listener.OnWriteErrorAsync(chunk, ex, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }

        for (var i = _writeListeners.Length - 1; i >= 0; i--)
        {
            await _writeListeners[i].AfterWriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _readCancellation?.Dispose();

    private async ValueTask<ItemResult<TIn>> ReadWithListenersAsync(IItemReader<TIn> reader, CancellationToken cancellationToken)
    {
        foreach (var listener in _readListeners)
        {
            await listener.BeforeReadAsync(cancellationToken).ConfigureAwait(false);
        }

        ItemResult<TIn> result;
        try
        {
            result = _readCancellation is null
                ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                : await TimedReadAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var listener in _readListeners)
            {
                await listener.OnReadErrorAsync(ex, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }

        if (result.HasItem)
        {
            for (var i = _readListeners.Length - 1; i >= 0; i--)
            {
                await _readListeners[i].AfterReadAsync(result.Item, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    /// <summary>
    /// A read that is given up when it takes longer than the read timeout or when the step is cancelled,
    /// even if the reader ignores its token (its token is cancelled too). Allocates only when the read
    /// does not complete synchronously.
    /// </summary>
    private async ValueTask<ItemResult<TIn>> TimedReadAsync(IItemReader<TIn> reader, CancellationToken cancellationToken)
    {
        var read = reader.ReadAsync(_readCancellation!.Token);
        if (read.IsCompleted)
        {
            return await read.ConfigureAwait(false);
        }

        var pending = read.AsTask();
        try
        {
            return await pending.WaitAsync(_readTimeout ?? Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex) when (!pending.IsCompleted)
        {
            throw new StepTimeoutException(
                $"Reader of step '{_stepName}' produced no item within {Durations.Describe(_readTimeout!.Value)}; the step failed and " +
                "a restart resumes from its last committed chunk. Check the source the reader waits on, or raise the read timeout.",
                ex);
        }
        finally
        {
            if (!pending.IsCompleted)
            {
                await _readCancellation.CancelAsync().ConfigureAwait(false);
                _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    private async ValueTask<ItemResult<TOut>> ProcessWithListenersAsync(IItemProcessor<TIn, TOut> processor, TIn item, CancellationToken cancellationToken)
    {
        foreach (var listener in _processListeners)
        {
            await listener.BeforeProcessAsync(item, cancellationToken).ConfigureAwait(false);
        }

        ItemResult<TOut> result;
        try
        {
            result = await processor.ProcessAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var listener in _processListeners)
            {
                await listener.OnProcessErrorAsync(item, ex, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }

        for (var i = _processListeners.Length - 1; i >= 0; i--)
        {
            await _processListeners[i].AfterProcessAsync(item, result, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
