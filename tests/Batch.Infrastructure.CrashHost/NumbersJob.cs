using Batch.Items;
using Batch.Jobs;
using Batch.Listeners;
using Batch.Steps;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// The test job: one chunk step reading the numbers 1..N, passing them through a processor that can be
/// told to fail, hold or report, and writing them with the given writer.
/// </summary>
internal sealed class NumbersJob : IJobExecutionListener
{
    private readonly int[] _items;

    public NumbersJob(string name, int count, int chunkSize, IItemWriter<int> writer, Action<ChunkStepBuilder<int, int>>? configure = null)
    {
        _items = Enumerable.Range(1, count).ToArray();
        var step = new StepBuilder("load")
            .Chunk<int, int>(chunkSize)
            .Reader(_ => new ListItemReader<int>(_items, "numbers"))
            .Processor(ProcessAsync)
            .Writer(writer);
        configure?.Invoke(step);
        Job = new JobBuilder(name)
            .Listener(this)
            .Start(step.Build())
            .Build();
        Writer = writer;
    }

    public SimpleJob Job { get; }

    public IItemWriter<int> Writer { get; }

    /// <summary>The item at which the processor throws (0: never).</summary>
    public int FailAt { get; set; }

    /// <summary>A delay per item, to make a run last.</summary>
    public TimeSpan DelayPerItem { get; set; }

    /// <summary>Called with each item before it is processed.</summary>
    public Action<int>? OnItem { get; set; }

    /// <summary>Awaited with each item before it is processed (a barrier a test controls).</summary>
    public Func<int, CancellationToken, Task>? BeforeItemAsync { get; set; }

    /// <summary>The first item processed by this run (0 until one is).</summary>
    public int FirstItem { get; private set; }

    public ValueTask BeforeJobAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        if (Writer is ItemTable.Writer table)
        {
            table.CurrentExecutionId = jobExecution.Id;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask AfterJobAsync(JobExecution jobExecution, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private async ValueTask<ItemResult<int>> ProcessAsync(int item, CancellationToken cancellationToken)
    {
        if (FirstItem == 0)
        {
            FirstItem = item; // a multi-threaded run may record any item of its first chunks
        }

        OnItem?.Invoke(item);
        if (BeforeItemAsync is { } before)
        {
            await before(item, cancellationToken);
        }
        if (item == FailAt)
        {
            throw new InvalidOperationException($"Poisoned item {item}");
        }

        if (DelayPerItem > TimeSpan.Zero)
        {
            await Task.Delay(DelayPerItem, cancellationToken);
        }

        return new ItemResult<int>(item);
    }
}
