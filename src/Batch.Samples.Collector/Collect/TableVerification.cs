using System.Text.Json.Serialization;

namespace Samples.Collector.Collect;

/// <summary>Rows and checksum of one side of a load.</summary>
/// <param name="Rows">The row count.</param>
/// <param name="Checksum">The order-independent checksum of the rows' values (<see cref="RowChecksum"/>).</param>
public sealed record SideCount([property: JsonPropertyName("rows")] long Rows, [property: JsonPropertyName("checksum")] string Checksum);

/// <summary>
/// The verification of one table's load: the source, the lake files and the target table counted and checksummed the same
/// way. Kept under the collector's <c>tmp/</c> (seed 000: the values kept to verify a load), and in the log and status tables.
/// </summary>
public sealed record TableVerification(
    [property: JsonPropertyName("baseTime")] string BaseTime,
    [property: JsonPropertyName("connection")] string Connection,
    [property: JsonPropertyName("table")] string Table,
    [property: JsonPropertyName("source")] SideCount Source,
    [property: JsonPropertyName("lake")] SideCount Lake,
    [property: JsonPropertyName("target")] SideCount Target,
    [property: JsonPropertyName("verifiedAt")] DateTime VerifiedAt)
{
    /// <summary>Whether the lake and the target hold exactly the source's rows.</summary>
    [JsonIgnore]
    public bool Matches => Source == Lake && Source == Target;
}
