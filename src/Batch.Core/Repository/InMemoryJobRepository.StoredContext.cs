using System.Collections.Frozen;

namespace Batch.Repository;

public sealed partial class InMemoryJobRepository
{
    /// <summary>
    /// A context as the in-memory repository keeps it. When every value is immutable (strings, numbers, dates,
    /// GUIDs, enums — what readers and writers keep as positions) a frozen copy of the entries is enough: nothing
    /// the caller does later can change them, and they come back with exactly their type, as through the databases'
    /// JSON. Any other value (a list, a record) is kept as the JSON text the databases would store, so it is checked
    /// for serialisation and copied deeply, exactly like there. The copy keeps a chunk commit from serialising the
    /// reader's position every time.
    /// </summary>
    private sealed class StoredContext
    {
        public static readonly StoredContext Empty = new([], null);

        private static readonly FrozenSet<Type> ImmutableTypes = new[]
        {
            typeof(string), typeof(bool), typeof(char), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
            typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset),
            typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan),
        }.ToFrozenSet();

        private readonly KeyValuePair<string, object?>[]? _entries;
        private readonly string? _json;

        private StoredContext(KeyValuePair<string, object?>[]? entries, string? json)
        {
            _entries = entries;
            _json = json;
        }

        /// <summary>Keeps the context's current entries.</summary>
        public static StoredContext Capture(BatchExecutionContext context)
        {
            if (context.IsEmpty)
            {
                return Empty;
            }

            var entries = new KeyValuePair<string, object?>[context.Count];
            var i = 0;
            foreach (var entry in context)
            {
                if (entry.Value is { } value && !ImmutableTypes.Contains(value.GetType()) && !value.GetType().IsEnum)
                {
                    return new StoredContext(null, ExecutionContextSerializer.Serialize(context));
                }

                entries[i++] = entry;
            }

            return new StoredContext(entries, null);
        }

        /// <summary>A new context with the kept entries (not dirty).</summary>
        public BatchExecutionContext Restore() => _entries is not null ? new BatchExecutionContext(_entries) : ExecutionContextSerializer.Deserialize(_json);
    }
}
