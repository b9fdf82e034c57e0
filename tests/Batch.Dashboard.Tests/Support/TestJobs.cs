using Batch.Jobs;
using Batch.Steps;

namespace Batch.Dashboard.Tests.Support;

/// <summary>The jobs the dashboard tests run.</summary>
public static class TestJobs
{
    public const string Gated = "gated";
    public const string Quick = "quick";

    /// <summary>One chunk step "read" (chunk size 1, so every item commits) of <paramref name="total"/> items, each waiting for the gate.</summary>
    public static IJob CreateGated(ItemGate gate, int total) => new JobBuilder(Gated)
        .Incrementer(new RunIdIncrementer())
        .Start(new StepBuilder("read")
            .Chunk<int, int>(1)
            .Reader(_ => new GatedReader(gate, total))
            .Writer(_ => new Batch.Items.ListItemWriter<int>())
            .Build())
        .Build();

    /// <summary>A tasklet job that ends at once.</summary>
    public static IJob CreateQuick() => new JobBuilder(Quick)
        .Incrementer(new RunIdIncrementer())
        .Start(new StepBuilder("work").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
        .Build();
}

/// <summary>A job whose tasklet always fails, for FAILED history.</summary>
public static class FailingJob
{
    public const string Name = "failing";

    public static IJob Create() => new JobBuilder(Name)
        .Incrementer(new RunIdIncrementer())
        .Start(new StepBuilder("explode").Tasklet((_, _) => throw new InvalidOperationException("the source table is missing")).Build())
        .Build();
}
