using Batch.Items;

namespace Batch.Core.Tests.Items;

/// <summary>A writer that records each chunk it got (as a copy) and, as a stream, what the step asked of it.</summary>
internal sealed class RecordingWriter<T>(string name) : IItemWriter<T>, IItemStream
{
    public List<T[]> Chunks { get; } = [];

    public List<string> Calls { get; } = [];

    public IEnumerable<T> Written => Chunks.SelectMany(c => c);

    /// <summary>Fails the write of a chunk holding this item (once).</summary>
    public T? FailOn { get; set; }

    public bool Failing { get; set; }

    public ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        if (Failing && FailOn is not null && chunk.Contains(FailOn))
        {
            Failing = false;
            throw new InvalidOperationException($"{name} is down");
        }

        Chunks.Add([.. chunk]);
        Calls.Add("write");
        return ValueTask.CompletedTask;
    }

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        Calls.Add("open");
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        Calls.Add("update");
        executionContext.Put(name + ".written", (long)Written.Count());
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        Calls.Add("close");
        return ValueTask.CompletedTask;
    }
}
