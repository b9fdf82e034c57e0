using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Batch.Infrastructure.Files;

/// <summary>The JSON lines reader's and writer's shared set-up.</summary>
internal static class JsonLines
{
    /// <summary>The serializer's metadata for <typeparamref name="T"/>, resolved once (the web defaults when no options are given).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions? options)
    {
        options ??= JsonSerializerOptions.Web;
        if (options.TypeInfoResolver is null && !options.IsReadOnly)
        {
            options = new JsonSerializerOptions(options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        }

        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }
}
