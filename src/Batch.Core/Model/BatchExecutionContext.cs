using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Batch.Model;

/// <summary>
/// Key/value state saved with a job or step execution; what a restart resumes from. Readers and
/// writers put their position here (see <see cref="Items.IItemStream"/>), and the job repository
/// saves it with each checkpoint. Any value System.Text.Json can write round-trips with its type.
/// </summary>
/// <remarks>
/// The context knows when it changed (<see cref="IsDirty"/>), so a checkpoint writes it only when
/// it must. It is not thread-safe: a step owns its context.
/// </remarks>
public sealed class BatchExecutionContext : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly Dictionary<string, object?> _values;

    /// <summary>Creates an empty context.</summary>
    public BatchExecutionContext()
    {
        _values = new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    /// <summary>Creates a context holding a copy of the given values; it is not dirty.</summary>
    /// <param name="values">The values.</param>
    public BatchExecutionContext(IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object?>(values, StringComparer.Ordinal);
    }

    /// <summary>True when a value was put or removed since the context was created, loaded or last saved.</summary>
    public bool IsDirty { get; private set; }

    /// <summary>The number of entries.</summary>
    public int Count => _values.Count;

    /// <summary>True when there are no entries.</summary>
    public bool IsEmpty => _values.Count == 0;

    /// <summary>The keys.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Puts a value (null is allowed), marking the context dirty when the value changes.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Put<T>(string key, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_values.TryGetValue(key, out var existing) && existing is T same && EqualityComparer<T>.Default.Equals(same, value))
        {
            return;
        }

        _values[key] = value;
        IsDirty = true;
    }

    /// <summary>Whether the key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when present.</returns>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Removes a key, marking the context dirty when it was present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when it was present.</returns>
    public bool Remove(string key)
    {
        var removed = _values.Remove(key);
        IsDirty |= removed;
        return removed;
    }

    /// <summary>The raw value stored under a key, or null when absent.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public object? GetRaw(string key) => _values.GetValueOrDefault(key);

    /// <summary>Gets a value, converting between numeric types where needed.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key is absent; the message names it.</exception>
    /// <exception cref="InvalidCastException">The value cannot be read as <typeparamref name="T"/>.</exception>
    public T Get<T>(string key)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            throw new KeyNotFoundException($"The execution context has no entry '{key}'.");
        }

        return Convert<T>(key, value);
    }

    /// <summary>Gets a value, or <paramref name="defaultValue"/> when the key is absent.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <returns>The value.</returns>
    public T GetOrDefault<T>(string key, T defaultValue) =>
        _values.TryGetValue(key, out var value) ? Convert<T>(key, value) : defaultValue;

    /// <summary>Tries to get a value.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns>True when present.</returns>
    public bool TryGet<T>(string key, out T value)
    {
        if (_values.TryGetValue(key, out var raw))
        {
            value = Convert<T>(key, raw);
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Gets a text value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public string? GetString(string key) => Get<string?>(key);

    /// <summary>Gets an integer value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public long GetLong(string key) => Get<long>(key);

    /// <summary>Gets an integer value, or a default when absent.</summary>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">Returned when absent.</param>
    /// <returns>The value.</returns>
    public long GetLong(string key, long defaultValue) => GetOrDefault(key, defaultValue);

    /// <summary>Gets a floating-point value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public double GetDouble(string key) => Get<double>(key);

    /// <summary>Marks the context as saved: <see cref="IsDirty"/> becomes false. Called by job repositories.</summary>
    public void ClearDirty() => IsDirty = false;

    /// <summary>Replaces all entries with copies of another context's entries (same references), leaving this context dirty.</summary>
    /// <param name="source">The context to copy.</param>
    public void ReplaceWith(BatchExecutionContext source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (ReferenceEquals(source, this))
        {
            return;
        }

        _values.Clear();
        foreach (var (k, v) in source._values)
        {
            _values[k] = v;
        }

        IsDirty = true;
    }

    /// <summary>Removes every entry and marks the context clean (the engine's scratch contexts).</summary>
    internal void Clear()
    {
        _values.Clear();
        IsDirty = false;
    }

    /// <summary>Puts every entry of <paramref name="source"/> into this context (same references), marking it dirty where a value changed.</summary>
    /// <param name="source">The entries to put.</param>
    internal void PutAll(BatchExecutionContext source)
    {
        foreach (var (k, v) in source._values)
        {
            Put(k, v);
        }
    }

    /// <summary>A shallow copy of this context (not dirty).</summary>
    /// <returns>The copy.</returns>
    public BatchExecutionContext Clone() => new(_values);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() =>
        "{" + string.Join(", ", _values.Select(kv => $"{kv.Key}={System.Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}")) + "}";

    private static T Convert<T>(string key, object? value)
    {
        switch (value)
        {
            case T typed:
                return typed;
            case null when default(T) is null:
                return default!;
            case JsonElement element:
                return element.Deserialize<T>(ExecutionContextSerializer.JsonOptions)!;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (value is IConvertible && (target.IsPrimitive || target == typeof(decimal) || target == typeof(string)))
        {
            try
            {
                return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
            {
                // fall through to the clear message below
            }
        }

        throw new InvalidCastException(
            $"The execution context entry '{key}' holds a {value?.GetType().Name ?? "null"}, which cannot be read as {typeof(T).Name}.");
    }
}
