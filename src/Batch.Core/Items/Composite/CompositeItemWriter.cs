namespace Batch.Items.Composite;

/// <summary>
/// Writes every chunk to several writers, one after the other in the order given, inside the same chunk transaction:
/// a failure in any of them fails (and rolls back) the chunk.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// The delegates that are <see cref="IItemStream"/>s are opened, updated and closed by the step (see
/// <see cref="IDelegatingItemComponent"/>). Each writer gets the same <see cref="Chunk{T}"/>, with its
/// <see cref="Chunk{T}.Transaction"/>, so database writers all commit with the checkpoint.
/// </remarks>
/// <example>
/// <code>
/// .Writer(new CompositeItemWriter&lt;Order&gt;(databaseWriter, parquetWriter))
/// </code>
/// </example>
public sealed class CompositeItemWriter<T> : IItemWriter<T>, IDelegatingItemComponent
{
    private readonly IItemWriter<T>[] _writers;

    /// <summary>Creates the writer.</summary>
    /// <param name="writers">The writers, called in this order; at least one.</param>
    /// <exception cref="ArgumentException">No writer, or a null one.</exception>
    public CompositeItemWriter(params IReadOnlyList<IItemWriter<T>> writers)
    {
        ArgumentNullException.ThrowIfNull(writers);
        if (writers.Count == 0)
        {
            throw new ArgumentException("A composite writer needs at least one writer.", nameof(writers));
        }

        _writers = [.. writers];
        if (Array.IndexOf(_writers, null) is var nullAt and >= 0)
        {
            throw new ArgumentException($"Writer {nullAt} of the composite writer is null.", nameof(writers));
        }

        Delegates = _writers;
    }

    /// <inheritdoc />
    public IReadOnlyList<object> Delegates { get; }

    /// <inheritdoc />
    public async ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        foreach (var writer in _writers)
        {
            await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }
}
