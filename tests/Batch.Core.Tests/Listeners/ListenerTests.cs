using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Listeners;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Core.Tests.Listeners;

public class ListenerTests
{
    [Test]
    public async Task Listeners_are_called_in_order_before_and_in_reverse_order_after()
    {
        var calls = new List<string>();
        var step = new StepBuilder("load")
            .Chunk<int>(2)
            .Reader(_ => new ListItemReader<int>([1, 2, 3]))
            .Writer(new ListItemWriter<int>())
            .Listener(new Recorder("a", calls))
            .Listener(new Recorder("b", calls))
            .Build();
        var job = new JobBuilder("listened").Listener(new Recorder("a", calls)).Listener(new Recorder("b", calls)).Start(step).Build();

        var execution = await new JobLauncher(new InMemoryJobRepository()).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        calls.Should().Equal(
            "a.beforeJob", "b.beforeJob",
            "a.beforeStep", "b.beforeStep",
            "a.beforeChunk", "b.beforeChunk",
            "a.beforeRead", "b.beforeRead", "b.afterRead:1", "a.afterRead:1",
            "a.beforeRead", "b.beforeRead", "b.afterRead:2", "a.afterRead:2",
            "a.beforeWrite:2", "b.beforeWrite:2", "b.afterWrite:2", "a.afterWrite:2",
            "b.afterChunk", "a.afterChunk",
            "a.beforeChunk", "b.beforeChunk",
            "a.beforeRead", "b.beforeRead", "b.afterRead:3", "a.afterRead:3",
            "a.beforeRead", "b.beforeRead",
            "a.beforeWrite:1", "b.beforeWrite:1", "b.afterWrite:1", "a.afterWrite:1",
            "b.afterChunk", "a.afterChunk",
            "b.afterStep:COMPLETED", "a.afterStep:COMPLETED",
            "b.afterJob:COMPLETED", "a.afterJob:COMPLETED");
    }

    [Test]
    public async Task A_step_listener_that_throws_fails_the_step_and_the_job()
    {
        var step = new StepBuilder("load")
            .Chunk<int>(2)
            .Reader(_ => new ListItemReader<int>([1, 2, 3]))
            .Writer(new ListItemWriter<int>())
            .Listener(new Throwing())
            .Build();
        var job = new JobBuilder("broken-listener").Start(step).Build();

        var execution = await new JobLauncher(new InMemoryJobRepository()).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Failed);
        var stepExecution = execution.StepExecutions.Single();
        stepExecution.Status.Should().Be(BatchStatus.Failed);
        stepExecution.ExitStatus.ExitDescription.Should().Contain("listener exploded");
    }

    [Test]
    public async Task A_chunk_listener_that_throws_before_a_chunk_fails_the_step_without_writing()
    {
        var writer = new ListItemWriter<int>();
        var step = new StepBuilder("load")
            .Chunk<int>(2)
            .Reader(_ => new ListItemReader<int>([1, 2, 3]))
            .Writer(writer)
            .Listener(new ThrowingChunkListener())
            .Build();

        var execution = await new JobLauncher(new InMemoryJobRepository())
            .RunAsync(new JobBuilder("broken-chunk-listener").Start(step).Build(), JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Failed);
        writer.Written.Should().BeEmpty();
        execution.StepExecutions.Single().RollbackCount.Should().Be(1);
    }

    [Test]
    public void A_listener_object_that_implements_no_listener_interface_is_rejected_when_building()
    {
        var build = () => new StepBuilder("load").Chunk<int>(2).Listener(new object());

        build.Should().Throw<ArgumentException>().WithMessage("*implements no listener interface*");
    }

    private sealed class Throwing : IStepExecutionListener
    {
        public ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("listener exploded");
    }

    private sealed class ThrowingChunkListener : IChunkListener
    {
        public ValueTask BeforeChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("chunk listener exploded");
    }

    private sealed class Recorder(string name, List<string> calls)
        : IJobExecutionListener, IStepExecutionListener, IChunkListener, IItemReadListener<int>, IItemWriteListener<int>
    {
        public ValueTask BeforeJobAsync(JobExecution jobExecution, CancellationToken cancellationToken) => Add("beforeJob");

        public ValueTask AfterJobAsync(JobExecution jobExecution, CancellationToken cancellationToken) => Add($"afterJob:{jobExecution.Status.ToCode()}");

        public ValueTask BeforeStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add("beforeStep");

        public ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add($"afterStep:{stepExecution.Status.ToCode()}");

        public ValueTask BeforeChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add("beforeChunk");

        public ValueTask AfterChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add("afterChunk");

        public ValueTask BeforeReadAsync(CancellationToken cancellationToken) => Add("beforeRead");

        public ValueTask AfterReadAsync(int item, CancellationToken cancellationToken) => Add($"afterRead:{item}");

        public ValueTask BeforeWriteAsync(Chunk<int> chunk, CancellationToken cancellationToken) => Add($"beforeWrite:{chunk.Count}");

        public ValueTask AfterWriteAsync(Chunk<int> chunk, CancellationToken cancellationToken) => Add($"afterWrite:{chunk.Count}");

        private ValueTask Add(string call)
        {
            calls.Add($"{name}.{call}");
            return ValueTask.CompletedTask;
        }
    }
}
