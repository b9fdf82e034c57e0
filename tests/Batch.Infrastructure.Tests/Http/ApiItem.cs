using System.Text.Json.Serialization;

namespace Batch.Infrastructure.Tests.Http;

public sealed record ApiItem(int Id, string Name);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<ApiItem>))]
internal sealed partial class ApiJson : JsonSerializerContext;
