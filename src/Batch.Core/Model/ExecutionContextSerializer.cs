using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Batch.Model;

/// <summary>
/// Writes an <see cref="BatchExecutionContext"/> as JSON that keeps each value's type, and reads it back:
/// <c>{"key":["long",42],"when":["dateonly","2026-11-22"],"gone":null}</c>. Common types have short
/// names; any other type is written with its assembly-qualified name (without version), so any value
/// System.Text.Json can write round-trips with its type and no list of allowed types is needed.
/// </summary>
/// <remarks>
/// A type that cannot be found when reading (for example, a class that was renamed) comes back as a
/// <see cref="JsonElement"/>, which <see cref="BatchExecutionContext.Get{T}"/> still converts on demand.
/// Contexts are read only from the job repository's own tables.
/// </remarks>
public static class ExecutionContextSerializer
{
    private static readonly Dictionary<string, Type> AliasToType = new(StringComparer.Ordinal)
    {
        ["string"] = typeof(string),
        ["long"] = typeof(long),
        ["int"] = typeof(int),
        ["short"] = typeof(short),
        ["byte"] = typeof(byte),
        ["ulong"] = typeof(ulong),
        ["uint"] = typeof(uint),
        ["double"] = typeof(double),
        ["float"] = typeof(float),
        ["decimal"] = typeof(decimal),
        ["bool"] = typeof(bool),
        ["char"] = typeof(char),
        ["guid"] = typeof(Guid),
        ["datetime"] = typeof(DateTime),
        ["datetimeoffset"] = typeof(DateTimeOffset),
        ["dateonly"] = typeof(DateOnly),
        ["timeonly"] = typeof(TimeOnly),
        ["timespan"] = typeof(TimeSpan),
        ["bytes"] = typeof(byte[]),
    };

    private static readonly Dictionary<Type, string> TypeToAlias = AliasToType.ToDictionary(kv => kv.Value, kv => kv.Key);
    private static readonly ConcurrentDictionary<Type, string> TypeNames = new();
    private static readonly ConcurrentDictionary<string, Type?> ResolvedTypes = new(StringComparer.Ordinal);

    private const int MaxKeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The JSON options used for values (named floating-point literals allowed, fields included).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.General)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IncludeFields = true,
        WriteIndented = false,
    };

    /// <summary>Writes a context as JSON.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(BatchExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A chunk commit serialises the step's context whenever it changed, so the buffer and writer are kept per thread.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        var writer = t_writer;
        t_buffer = null;
        t_writer = null;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            writer.WriteStartObject();
            foreach (var (key, value) in context)
            {
                writer.WritePropertyName(key);
                if (value is null)
                {
                    writer.WriteNullValue();
                    continue;
                }

                var type = value.GetType();
                writer.WriteStartArray();
                writer.WriteStringValue(NameOf(type));
                if (!TryWritePrimitive(writer, value))
                {
                    JsonSerializer.Serialize(writer, value, type, JsonOptions);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= MaxKeptBufferBytes)
            {
                t_buffer = buffer;
                t_writer = writer;
            }
        }
    }

    /// <summary>Reads a context written by <see cref="Serialize"/>. The result is not dirty.</summary>
    /// <param name="json">The JSON text; null or empty gives an empty context.</param>
    /// <returns>The context.</returns>
    /// <exception cref="JsonException">The text is not a serialized context.</exception>
    public static BatchExecutionContext Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new BatchExecutionContext();
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A serialized execution context must be a JSON object.");
        }

        var values = new List<KeyValuePair<string, object?>>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values.Add(KeyValuePair.Create(property.Name, ReadValue(property.Value)));
        }

        return new BatchExecutionContext(values);
    }

    /// <summary>Writes the common immutable values directly, exactly as <see cref="JsonSerializer"/> would with <see cref="JsonOptions"/>.</summary>
    private static bool TryWritePrimitive(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                return true;
            case long number:
                writer.WriteNumberValue(number);
                return true;
            case int number:
                writer.WriteNumberValue(number);
                return true;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case decimal number:
                writer.WriteNumberValue(number);
                return true;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            default:
                return false;
        }
    }

    private static object? ReadValue(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 2 || element[0].ValueKind != JsonValueKind.String)
        {
            return element.Clone();
        }

        var type = Resolve(element[0].GetString()!);
        return type is null ? element[1].Clone() : element[1].Deserialize(type, JsonOptions);
    }

    private static Type? Resolve(string name)
    {
        if (AliasToType.TryGetValue(name, out var alias))
        {
            return alias;
        }

        return ResolvedTypes.GetOrAdd(name, static n => Type.GetType(n, throwOnError: false));
    }

    private static string NameOf(Type type)
    {
        if (TypeToAlias.TryGetValue(type, out var alias))
        {
            return alias;
        }

        return TypeNames.GetOrAdd(type, static t => QualifiedName(t));
    }

    /// <summary>The name Type.GetType reads back: the type's name with its arguments, then its assembly (no version).</summary>
    private static string QualifiedName(Type type) => $"{NameWithoutAssembly(type)}, {type.Assembly.GetName().Name}";

    private static string NameWithoutAssembly(Type type)
    {
        if (type.IsArray)
        {
            return NameWithoutAssembly(type.GetElementType()!) + (type.GetArrayRank() == 1 ? "[]" : $"[{new string(',', type.GetArrayRank() - 1)}]");
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            var arguments = string.Join(",", type.GetGenericArguments().Select(a => "[" + QualifiedName(a) + "]"));
            return $"{type.GetGenericTypeDefinition().FullName}[{arguments}]";
        }

        return type.FullName ?? type.Name;
    }
}
