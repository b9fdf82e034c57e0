using System.Collections;

namespace Batch.Items;

/// <summary>
/// The items of one chunk, handed to an <see cref="IItemWriter{T}"/>. The engine reuses one chunk
/// buffer for the whole step, so a writer must not keep a reference to it after
/// <see cref="IItemWriter{T}.WriteAsync"/> returns; copy the items it needs to keep.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Chunk<T> : IReadOnlyList<T>
{
    private T[] _items;

    /// <summary>Creates an empty chunk.</summary>
    /// <param name="capacity">The expected number of items.</param>
    public Chunk(int capacity = 16)
    {
        _items = new T[Math.Max(1, capacity)];
    }

    /// <summary>Creates a chunk holding the given items (convenient in tests).</summary>
    /// <param name="items">The items.</param>
    public Chunk(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        Count = _items.Length;
        if (_items.Length == 0)
        {
            _items = new T[1];
        }
    }

    /// <summary>The number of items.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The transaction of the chunk being written: a writer to the job repository's database writes
    /// through <see cref="Repository.IChunkTransaction.Connection"/> and
    /// <see cref="Repository.IChunkTransaction.Transaction"/> so its items commit with the checkpoint.
    /// </summary>
    public Repository.IChunkTransaction? Transaction { get; internal set; }

    /// <summary>The item at an index.</summary>
    /// <param name="index">The index.</param>
    public T this[int index] => (uint)index < (uint)Count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The items as a span (valid until the chunk changes).</summary>
    /// <returns>The span.</returns>
    public ReadOnlySpan<T> AsSpan() => new(_items, 0, Count);

    /// <summary>The items as memory (valid until the chunk changes).</summary>
    /// <returns>The memory.</returns>
    public ReadOnlyMemory<T> AsMemory() => new(_items, 0, Count);

    /// <summary>Adds an item.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = item;
    }

    /// <summary>Removes all items.</summary>
    public void Clear()
    {
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_items, 0, Count);
        }

        Count = 0;
    }

    /// <summary>Returns an allocation-free enumerator.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    /// <summary>An allocation-free enumerator over a chunk.</summary>
    public struct Enumerator
    {
        private readonly Chunk<T> _chunk;
        private int _index;

        internal Enumerator(Chunk<T> chunk)
        {
            _chunk = chunk;
            _index = -1;
        }

        /// <summary>The current item.</summary>
        public readonly T Current => _chunk._items[_index];

        /// <summary>Moves to the next item.</summary>
        /// <returns>False at the end.</returns>
        public bool MoveNext() => ++_index < _chunk.Count;
    }
}
