using System.Text.Json.Serialization;

namespace Batch.Dashboard.Progress;

/// <summary>The progress of one running step execution, as the pages show it and the progress endpoint returns it (JSON).</summary>
internal sealed record StepProgressView
{
    [JsonPropertyName("executionId")] public long ExecutionId { get; init; }
    [JsonPropertyName("jobName")] public required string JobName { get; init; }
    [JsonPropertyName("stepName")] public required string StepName { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }

    /// <summary>Items consumed so far (read + skipped while reading, earlier executions of the step in the instance included), as committed.</summary>
    [JsonPropertyName("itemsDone")] public long ItemsDone { get; init; }

    [JsonPropertyName("itemsDoneText")] public required string ItemsDoneText { get; init; }

    [JsonPropertyName("commits")] public long Commits { get; init; }

    /// <summary>The items of the step's newest earlier completed execution: what this one is expected to reach; null without history.</summary>
    [JsonPropertyName("expectedItems")] public long? ExpectedItems { get; init; }

    [JsonPropertyName("percent")] public double? Percent { get; init; }

    [JsonPropertyName("percentText")] public required string PercentText { get; init; }

    [JsonPropertyName("itemsPerSecond")] public double? ItemsPerSecond { get; init; }

    [JsonPropertyName("rateText")] public required string RateText { get; init; }

    [JsonPropertyName("eta")] public DateTimeOffset? Eta { get; init; }

    [JsonPropertyName("etaText")] public required string EtaText { get; init; }

    [JsonPropertyName("elapsedText")] public required string ElapsedText { get; init; }

    /// <summary>What the projection rests on, in words.</summary>
    [JsonPropertyName("basis")] public required string Basis { get; init; }
}
