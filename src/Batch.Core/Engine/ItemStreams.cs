using System.Runtime.CompilerServices;
using Batch.Items;
using Batch.Items.Composite;

namespace Batch.Engine;

/// <summary>
/// The streams of one step execution, opened, updated and closed together: the reader, processor and writer that are
/// streams, the streams registered on the step, and the delegates of composites (<see cref="IDelegatingItemComponent"/>),
/// each once, in that order.
/// </summary>
internal sealed class ItemStreams
{
    private readonly IItemStream[] _streams;
    private int _opened;

    public ItemStreams(IEnumerable<object?> candidates)
        : this(candidates, null)
    {
    }

    /// <summary>The streams among <paramref name="candidates"/> that are not already in <paramref name="excluded"/>.</summary>
    public ItemStreams(IEnumerable<object?> candidates, ItemStreams? excluded)
    {
        var streams = new List<IItemStream>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        if (excluded is not null)
        {
            seen.UnionWith(excluded._streams);
        }

        foreach (var candidate in candidates)
        {
            Collect(candidate, streams, seen);
        }

        _streams = [.. streams];
    }

    /// <summary>True when none of the candidates is a stream: opening, updating and closing do nothing.</summary>
    public bool IsEmpty => _streams.Length == 0;

    private static void Collect(object? candidate, List<IItemStream> streams, HashSet<object> seen)
    {
        if (candidate is null || !seen.Add(candidate))
        {
            return;
        }

        if (candidate is IItemStream stream)
        {
            streams.Add(stream);
        }

        if (candidate is IDelegatingItemComponent composite)
        {
            foreach (var part in composite.Delegates)
            {
                Collect(part, streams, seen);
            }
        }
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
