using Batch.Items;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Core.Tests.Support;

/// <summary>A chunk job over the numbers 1..count that can be told to fail or cancel at an item; records what was written.</summary>
internal sealed class NumbersJob
{
    private readonly int[] _items;

    public NumbersJob(int count, int chunkSize, string name = "numbers")
    {
        _items = Enumerable.Range(1, count).ToArray();
        Job = new JobBuilder(name)
            .Start(new StepBuilder("load")
                .Chunk<int, int>(chunkSize)
                .Reader(_ => new ListItemReader<int>(_items))
                .Processor((item, ct) =>
                {
                    if (item == FailAt)
                    {
                        throw new InvalidOperationException($"Poisoned item {item}");
                    }

                    if (item == CancelAt)
                    {
                        Cancellation?.Cancel();
                        ct.ThrowIfCancellationRequested();
                    }

                    return ValueTask.FromResult(new ItemResult<int>(item));
                })
                .Writer(Writer)
                .Listener(Reads)
                .Build())
            .Build();
    }

    public SimpleJob Job { get; }

    public ListItemWriter<int> Writer { get; } = new();

    public ReadRecorder Reads { get; } = new();

    /// <summary>The item at which the processor throws (0: never).</summary>
    public int FailAt { get; set; }

    /// <summary>The item at which the processor cancels <see cref="Cancellation"/> (0: never).</summary>
    public int CancelAt { get; set; }

    public CancellationTokenSource? Cancellation { get; set; }
}
