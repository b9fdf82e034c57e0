namespace Batch.Dashboard.Progress;

/// <summary>What earlier completed executions of one step tell: the items of the newest, and the summed items and seconds of all.</summary>
internal sealed record StepHistorySample(int Runs, long NewestItems, long Items, double Seconds, TimeSpan AverageDuration)
{
    public static readonly StepHistorySample None = new(0, 0, 0, 0, TimeSpan.Zero);

    public double? ItemsPerSecond => Items > 0 && Seconds > 0 ? Items / Seconds : null;
}
