using Microsoft.Extensions.Logging;

namespace Batch.Engine;

/// <summary>The progress channel's messages (<see cref="BatchLogCategories.Progress"/>).</summary>
internal static partial class ProgressLog
{
    [LoggerMessage(70, LogLevel.Information, "Step '{StepName}' of job '{JobName}' started: {Total} items to do{Done}; {Projection}")]
    public static partial void Started(ILogger logger, string stepName, string jobName, long total, string done, string projection);

    [LoggerMessage(71, LogLevel.Information, "Step '{StepName}' of job '{JobName}': {Consumed} of {Total} items ({Percent} %), {Rate} items/s, ends about {Eta} (in {Remaining})")]
    public static partial void Progress(ILogger logger, string stepName, string jobName, long consumed, long total, string percent, string rate, string eta, string remaining);

    [LoggerMessage(72, LogLevel.Information, "Step '{StepName}' of job '{JobName}': {Consumed} items, {Rate} items/s (its total is not known: give it with ExpectedItems or a reader that counts)")]
    public static partial void ProgressWithoutTotal(ILogger logger, string stepName, string jobName, long consumed, string rate);
}
