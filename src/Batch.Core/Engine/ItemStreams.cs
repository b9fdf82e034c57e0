using System.Runtime.CompilerServices;
using Batch.Items;

namespace Batch.Engine;

/// <summary>The streams of one step execution, opened, updated and closed together.</summary>
internal sealed class ItemStreams
{
    private readonly IItemStream[] _streams;
    private int _opened;

    public ItemStreams(IEnumerable<object?> candidates)
    {
        _streams = candidates.OfType<IItemStream>().Distinct().ToArray();
    }

    public async ValueTask OpenAsync(BatchExecutionContext context, CancellationToken cancellationToken)
    {
        for (; _opened < _streams.Length; _opened++)
        {
            await _streams[_opened].OpenAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask UpdateAsync(BatchExecutionContext context, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _streams.Length; i++)
        {
            await _streams[i].UpdateAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Closes every stream that was opened (and only those: a stream whose open threw, and the ones after it, were not), even when some throw. The first error is thrown when the work had succeeded
    /// (so it fails the step); otherwise it is attached to the step execution beside the original failure.
    /// </summary>
    public async ValueTask CloseAsync(StepExecution stepExecution, bool succeeded)
    {
        Exception? first = null;
        var opened = _opened;
        _opened = 0;
        for (var i = 0; i < opened; i++)
        {
            try
            {
                await _streams[i].CloseAsync(CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // every stream must get its close call; the first error is reported
            catch (Exception ex)
#pragma warning restore CA1031
            {
                first ??= ex;
            }
        }

        if (first is null)
        {
            return;
        }

        if (succeeded)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        stepExecution.FailureExceptions.Add(first);
    }
}
