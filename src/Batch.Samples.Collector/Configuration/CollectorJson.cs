using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samples.Collector.Configuration;

/// <summary>The collector's JSON files, source-generated (no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthCheckSettings))]
[JsonSerializable(typeof(DatalakeSettings))]
[JsonSerializable(typeof(Collect.TableVerification))]
internal sealed partial class CollectorJson : JsonSerializerContext;
