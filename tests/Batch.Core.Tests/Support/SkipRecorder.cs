using Batch.Listeners;

namespace Batch.Core.Tests.Support;

/// <summary>Records every skip a step reports.</summary>
internal sealed class SkipRecorder : ISkipListener<int, int>
{
    public List<string?> ReadPositions { get; } = [];

    public List<int> ProcessSkips { get; } = [];

    public List<int> WriteSkips { get; } = [];

    public ValueTask OnSkipInReadAsync(Exception exception, string? position, CancellationToken cancellationToken)
    {
        ReadPositions.Add(position);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnSkipInProcessAsync(int item, Exception exception, CancellationToken cancellationToken)
    {
        ProcessSkips.Add(item);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnSkipInWriteAsync(int item, Exception exception, CancellationToken cancellationToken)
    {
        WriteSkips.Add(item);
        return ValueTask.CompletedTask;
    }
}
