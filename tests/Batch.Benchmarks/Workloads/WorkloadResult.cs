using System.Text.Json.Serialization;

namespace Batch.Benchmarks.Workloads;

/// <summary>One row of the results: a measured value, its baseline measured in the same run, their ratio and the goal.</summary>
internal sealed record WorkloadResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("baseline")] double? Baseline,
    [property: JsonPropertyName("ratio")] double? Ratio,
    [property: JsonPropertyName("goal")] string Goal,
    [property: JsonPropertyName("goal_met")] bool? GoalMet,
    [property: JsonPropertyName("notes")] string? Notes = null)
{
    /// <summary>A row whose goal is "value / baseline ≤ maxRatio" (lower is better: times, costs).</summary>
    public static WorkloadResult LowerIsBetter(string name, string unit, double value, double baseline, double maxRatio, string? notes = null)
    {
        var ratio = baseline > 0 ? value / baseline : double.NaN;
        return new(name, unit, Round(value), Round(baseline), Math.Round(ratio, 3), $"<= {maxRatio:0.##}x baseline", ratio <= maxRatio, notes);
    }

    /// <summary>A row reported for information, with a goal stated in words and checked by the caller.</summary>
    public static WorkloadResult Info(string name, string unit, double value, double? baseline, string goal, bool? goalMet, string? notes = null) =>
        new(name, unit, Round(value), baseline is { } b ? Round(b) : null, baseline is { } bb && bb > 0 ? Math.Round(value / bb, 3) : null, goal, goalMet, notes);

    private static double Round(double value) => Math.Round(value, value >= 100 ? 1 : 4);
}
