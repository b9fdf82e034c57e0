using Batch.Items;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Core.Tests.Support;

/// <summary>
/// The job "bars": one step counting 100 items in chunks of 10 with a known total, held at item 51 — after five commits — until
/// the test releases it, so a test can look at a run in the middle of its step without waiting on the clock.
/// </summary>
internal sealed class HeldBarsJob
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Builds the job; <paramref name="atHold"/> runs on the step's thread when item 51 is reached, before the hold.</summary>
    public HeldBarsJob(Action? atHold = null)
    {
        Job = new JobBuilder("bars")
            .Start(new StepBuilder("count")
                .Chunk<int, int>(10)
                .Reader(_ => new ListItemReader<int>(Enumerable.Range(1, 100).ToArray()))
                .Processor(async (item, ct) =>
                {
                    if (item == 51)
                    {
                        atHold?.Invoke();
                        _reached.TrySetResult();
                        await _release.Task.WaitAsync(ct);
                    }

                    return new ItemResult<int>(item);
                })
                .Writer(new ListItemWriter<int>())
                .ExpectedItems(_ => 100)
                .Build())
            .Build();
    }

    public IJob Job { get; }

    /// <summary>Completes when the step holds at item 51.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the step go on.</summary>
    public void Release() => _release.SetResult();
}
