using Batch.Items;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Core.Tests.Support;

/// <summary>
/// The numbers job (1..100 in chunks of 10, step "load", as <see cref="NumbersJob"/>) whose processor, at <see cref="HangAt"/>,
/// signals <c>reached</c> and waits for <c>release</c>: a chunk as long as the test wants.
/// </summary>
internal sealed class SlowChunkJob
{
    public SlowChunkJob(TaskCompletionSource reached, TaskCompletionSource release)
    {
        var items = Enumerable.Range(1, 100).ToArray();
        Job = new JobBuilder("numbers")
            .Start(new StepBuilder("load")
                .Chunk<int, int>(10)
                .Reader(_ => new ListItemReader<int>(items))
                .Processor(async (item, ct) =>
                {
                    if (item == HangAt)
                    {
                        reached.TrySetResult();
                        await release.Task.WaitAsync(ct);
                    }

                    return new ItemResult<int>(item);
                })
                .Writer(Writer)
                .Build())
            .Build();
    }

    public SimpleJob Job { get; }

    public ListItemWriter<int> Writer { get; } = new();

    /// <summary>The item at which the processor waits.</summary>
    public int HangAt { get; init; } = 5;
}
