namespace Batch.Items.Composite;

/// <summary>
/// Routes each item of a chunk to one of several writers chosen by a classifier function. Every target gets at most
/// one chunk per chunk, holding its items in the order they were read; targets are written in the order given to the
/// constructor, inside the same chunk transaction, and a target that got no item is not called.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// The targets are listed up front so that the step can open, update and close those that are
/// <see cref="IItemStream"/>s (see <see cref="IDelegatingItemComponent"/>); a classifier that returns a writer
/// not in the list fails the chunk with an <see cref="InvalidOperationException"/>. The per-target chunks are
/// allocated once and reused: the classifier is the only per-item work.
/// </remarks>
/// <example>
/// <code>
/// var writer = new ClassifierItemWriter&lt;Payment&gt;(
///     p => p.Amount &lt; 0 ? refunds : payments,
///     payments, refunds);
/// </code>
/// </example>
public sealed class ClassifierItemWriter<T> : IItemWriter<T>, IDelegatingItemComponent
{
    private readonly Func<T, IItemWriter<T>> _classifier;
    private readonly IItemWriter<T>[] _targets;
    private readonly Chunk<T>[] _chunks;
    private readonly Dictionary<IItemWriter<T>, int> _indexes;

    /// <summary>Creates the writer.</summary>
    /// <param name="classifier">Chooses the writer of an item; must return one of <paramref name="targets"/>.</param>
    /// <param name="targets">Every writer the classifier can return, in the order they are written; at least one.</param>
    /// <exception cref="ArgumentException">No target, a null one, or one listed twice.</exception>
    public ClassifierItemWriter(Func<T, IItemWriter<T>> classifier, params IReadOnlyList<IItemWriter<T>> targets)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new ArgumentException("A classifier writer needs at least one target writer.", nameof(targets));
        }

        _classifier = classifier;
        _targets = [.. targets];
        _chunks = new Chunk<T>[_targets.Length];
        _indexes = new Dictionary<IItemWriter<T>, int>(_targets.Length, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < _targets.Length; i++)
        {
            var target = _targets[i] ?? throw new ArgumentException($"Target {i} of the classifier writer is null.", nameof(targets));
            if (!_indexes.TryAdd(target, i))
            {
                throw new ArgumentException($"Target {i} of the classifier writer is listed twice.", nameof(targets));
            }

            _chunks[i] = new Chunk<T>();
        }

        Delegates = _targets;
    }

    /// <inheritdoc />
    public IReadOnlyList<object> Delegates { get; }

    /// <inheritdoc />
    public async ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        try
        {
            foreach (var item in chunk)
            {
                var target = _classifier(item);
                if (target is null || !_indexes.TryGetValue(target, out var index))
                {
                    throw new InvalidOperationException(
                        $"The classifier of a ClassifierItemWriter<{typeof(T).Name}> returned a writer ({target?.GetType().Name ?? "null"}) that is not one of its targets: " +
                        "list every writer the classifier can return in the constructor, so the step can open and close it.");
                }

                _chunks[index].Add(item);
            }

            for (var i = 0; i < _chunks.Length; i++)
            {
                var part = _chunks[i];
                if (part.Count == 0)
                {
                    continue;
                }

                part.Transaction = chunk.Transaction;
                await _targets[i].WriteAsync(part, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var part in _chunks)
            {
                part.Clear();
                part.Transaction = null;
            }
        }
    }
}
