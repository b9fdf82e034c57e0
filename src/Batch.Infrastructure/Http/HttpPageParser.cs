using System.Text.Json;

namespace Batch.Infrastructure.Http;

/// <summary>
/// Turns the JSON body of one page into its items and the state of the next page. Deserialize with a
/// <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}"/> (a source-generated context) for speed and trimming:
/// <c>root.GetProperty("items").Deserialize(ApiJson.Default.ListOrder)</c>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="root">The body's root element (valid only during the call: copy what you keep, as deserializing does).</param>
/// <param name="pageState">The state of the page that was requested.</param>
/// <returns>The page.</returns>
public delegate HttpPage<T> HttpPageParser<T>(JsonElement root, string pageState);
