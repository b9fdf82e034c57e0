using Batch.Items;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Core.Tests.Support;

/// <summary>Builds one-step chunk jobs over a <see cref="NumberReader"/> and an <see cref="AtomicWriter"/>.</summary>
internal static class ChunkJobs
{
    /// <summary>A job whose step "load" reads, optionally processes, and writes numbers; fault tolerant when <paramref name="faultTolerance"/> is given.</summary>
    public static SimpleJob Numbers(
        IItemReader<int> reader,
        AtomicWriter writer,
        int chunkSize = 100,
        Func<FaultTolerantChunkStepBuilder<int, int>, FaultTolerantChunkStepBuilder<int, int>>? faultTolerance = null,
        Func<int, CancellationToken, ValueTask<ItemResult<int>>>? processor = null,
        Action<ChunkStepBuilder<int, int>>? configure = null,
        string name = "numbers")
    {
        var builder = new StepBuilder("load").Chunk<int>(chunkSize).Reader(reader).Writer(writer);
        if (processor is not null)
        {
            builder.Processor(processor);
        }

        configure?.Invoke(builder);
        IStep step = faultTolerance is null ? builder.Build() : faultTolerance(builder.FaultTolerant()).Build();
        return new JobBuilder(name).Start(step).Build();
    }
}
