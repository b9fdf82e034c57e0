namespace Batch.Items;

/// <summary>
/// An item, or none. Readers return <see cref="None"/> at the end of their input; processors return
/// it to filter an item out. Works for any <typeparamref name="T"/>, value types included, so
/// <see langword="null"/> is never used as a marker.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public readonly struct ItemResult<T> : IEquatable<ItemResult<T>>
{
    private readonly T _item;

    /// <summary>Wraps an item.</summary>
    /// <param name="item">The item.</param>
    public ItemResult(T item)
    {
        _item = item;
        HasItem = true;
    }

    /// <summary>No item: the end of input (from a reader) or a filtered item (from a processor).</summary>
    public static ItemResult<T> None => default;

    /// <summary>True when there is an item.</summary>
    public bool HasItem { get; }

    /// <summary>The item.</summary>
    /// <exception cref="InvalidOperationException">There is no item.</exception>
    public T Item => HasItem ? _item : throw new InvalidOperationException("There is no item: check HasItem first.");

    /// <summary>Wraps an item.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The result.</returns>
    public static ItemResult<T> Of(T item) => new(item);

    /// <summary>Wraps an item.</summary>
    /// <param name="item">The item.</param>
    public static implicit operator ItemResult<T>(T item) => new(item);

    /// <summary>Wraps an item (the named alternative to the implicit conversion).</summary>
    /// <param name="item">The item.</param>
    /// <returns>The result.</returns>
    public static ItemResult<T> FromT(T item) => new(item);

    /// <inheritdoc />
    public bool Equals(ItemResult<T> other) =>
        HasItem == other.HasItem && (!HasItem || EqualityComparer<T>.Default.Equals(_item, other._item));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ItemResult<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HasItem ? HashCode.Combine(true, _item) : 0;

    /// <summary>Equality.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(ItemResult<T> left, ItemResult<T> right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(ItemResult<T> left, ItemResult<T> right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => HasItem ? $"Item({_item})" : "None";
}
