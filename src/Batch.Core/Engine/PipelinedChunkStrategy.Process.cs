using System.Runtime.CompilerServices;
using Batch.Items;

namespace Batch.Engine;

/// <summary>The processing side of a pipelined chunk: one item after another, or up to the concurrency bound at once, with the fault-tolerant step's skips.</summary>
internal sealed partial class PipelinedChunkStrategy<TIn, TOut>
{
    /// <summary>Processes the chunk's items (one after another, or up to the concurrency bound at once) and collects the output in read order.</summary>
    private async Task ProcessAsync(ChunkSlot<TIn, TOut> slot, CancellationToken cancellationToken)
    {
        var items = slot.Items;
        var output = slot.Output;
        var read = slot.Read;
        if (_processor is null)
        {
            for (var i = 0; i < read; i++)
            {
                var item = items[i];
                output.Add(Unsafe.As<TIn, TOut>(ref item));
            }

            return;
        }

        if (slot.Results is null)
        {
            var filtered = 0;
            var faultTolerant = _faultTolerant;
            for (var i = 0; i < read; i++)
            {
                ItemResult<TOut> result;
                try
                {
                    result = faultTolerant is null
                        ? await _calls.ProcessAsync(_processor, items[i], cancellationToken).ConfigureAwait(false)
                        : await faultTolerant.ProcessAsync(_processor, items[i], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (faultTolerant is not null && faultTolerant.Policy.IsSkippable(ex, faultTolerant.CommittedSkips + Skips(slot)))
                {
                    SkipProcess(slot, ex, items[i]);
                    continue;
                }

                if (result.HasItem)
                {
                    output.Add(result.Item);
                }
                else
                {
                    filtered++;
                }
            }

            slot.Filtered = filtered;
            return;
        }

        await ProcessConcurrentlyAsync(slot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a process call per item, keeping at most the bound pending; a call that completes synchronously costs no task.
    /// When one fails, the calls already started are awaited before the first failure (in item order) is thrown.
    /// </summary>
    private async Task ProcessConcurrentlyAsync(ChunkSlot<TIn, TOut> slot, CancellationToken cancellationToken)
    {
        var items = slot.Items;
        var results = slot.Results!;
        var pending = slot.Pending!;
        var head = 0;
        var count = 0;
        Exception? failure = null;
        for (var i = 0; i < slot.Read && failure is null; i++)
        {
            if (count == pending.Length)
            {
                failure = await CompleteAsync(pending[head], results, slot.Failures).ConfigureAwait(false);
                pending[head] = default;
                head = (head + 1) % pending.Length;
                count--;
                if (failure is not null)
                {
                    break;
                }
            }

            ValueTask<ItemResult<TOut>> call;
            try
            {
                call = _faultTolerant is null
                    ? _calls.ProcessAsync(_processor!, items[i], cancellationToken)
                    : _faultTolerant.ProcessAsync(_processor!, items[i], cancellationToken);
            }
            catch (Exception ex)
            {
                if (slot.Failures is { } failures)
                {
                    failures[i] = ex;
                    continue;
                }

                failure = ex;
                break;
            }

            if (call.IsCompletedSuccessfully)
            {
                results[i] = call.Result;
                continue;
            }

            pending[(head + count) % pending.Length] = new ChunkSlot<TIn, TOut>.PendingItem(i, call.AsTask());
            count++;
        }

        for (; count > 0; count--)
        {
            failure ??= await CompleteAsync(pending[head], results, slot.Failures).ConfigureAwait(false);
            pending[head] = default;
            head = (head + 1) % pending.Length;
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        var output = slot.Output;
        var filtered = 0;
        for (var i = 0; i < slot.Read; i++)
        {
            if (slot.Failures?[i] is { } itemFailure)
            {
                // In read order, as the plain fault-tolerant step decides them: skip, or fail the chunk.
                if (!_faultTolerant!.Policy.IsSkippable(itemFailure, _faultTolerant.CommittedSkips + Skips(slot)))
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(itemFailure);
                }

                SkipProcess(slot, itemFailure, items[i]);
                continue;
            }

            if (results[i].HasItem)
            {
                output.Add(results[i].Item);
            }
            else
            {
                filtered++;
            }
        }

        slot.Filtered = filtered;
    }

    /// <summary>Waits for one pending call; its failure is returned, or kept for the item when the step is fault tolerant (decided in read order later).</summary>
    private static async Task<Exception?> CompleteAsync(ChunkSlot<TIn, TOut>.PendingItem item, ItemResult<TOut>[] results, Exception?[]? failures)
    {
        try
        {
            results[item.Index] = await item.Task.ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            if (failures is not null)
            {
                failures[item.Index] = ex;
                return null;
            }

            return ex;
        }
    }

    private static long Skips(ChunkSlot<TIn, TOut> slot) => slot.ReadSkips + slot.ProcessSkips;

    /// <summary>Records an item the processor could not process as skipped, or throws past the skip limit.</summary>
    private void SkipProcess(ChunkSlot<TIn, TOut> slot, Exception exception, TIn item)
    {
        var position = FaultTolerantChunkStrategy<TIn, TOut>.MalformedPosition(exception);
        _faultTolerant!.Policy.CheckSkipLimit(_faultTolerant.CommittedSkips + Skips(slot), exception, position);
        slot.ProcessSkips++;
        slot.Skipped!.Add(new(SkipPhase.Process, exception, position, item, default));
    }
}
