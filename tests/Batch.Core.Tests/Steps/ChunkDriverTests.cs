using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Listeners;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Core.Tests.Steps;

/// <summary>The one chunk driver under every chunk-committing step: balanced listener calls, streams, per-run chunk size.</summary>
public class ChunkDriverTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task Chunk_listeners_get_an_after_call_for_the_final_empty_read(bool faultTolerant)
    {
        var listener = new BalanceRecorder();
        var builder = new StepBuilder("load")
            .Chunk<int>(2)
            .Reader(_ => new ListItemReader<int>([1, 2, 3, 4]))
            .Writer(new ListItemWriter<int>())
            .Listener(listener);
        var step = faultTolerant ? builder.FaultTolerant().Skip<InvalidOperationException>().Build() : builder.Build();

        var execution = await RunAsync(step);

        execution.Status.Should().Be(BatchStatus.Completed);
        execution.StepExecutions.Single().CommitCount.Should().Be(2);
        listener.Calls.Should().Equal("before", "after", "before", "after", "before", "after");
    }

    [Test]
    public async Task Tasklet_chunk_listeners_see_one_after_call_per_call_of_the_tasklet()
    {
        var listener = new BalanceRecorder();
        var calls = 0;
        var step = new StepBuilder("count")
            .Tasklet((_, _) => ValueTask.FromResult(++calls < 3 ? RepeatStatus.Continuable : RepeatStatus.Finished))
            .Listener(listener)
            .Build();

        var execution = await RunAsync(step);

        execution.Status.Should().Be(BatchStatus.Completed);
        listener.Calls.Should().Equal("before", "after", "before", "after", "before", "after");
    }

    [Test]
    public async Task A_chunk_that_fails_gets_one_error_call_and_no_after_call()
    {
        var listener = new BalanceRecorder();
        var step = new StepBuilder("load")
            .Chunk<int>(2)
            .Reader(_ => new ListItemReader<int>([1, 2, 3]))
            .Processor((item, _) => item == 3 ? throw new InvalidOperationException("bad item") : ValueTask.FromResult(ItemResult<int>.Of(item)))
            .Writer(new ListItemWriter<int>())
            .Listener(listener)
            .Build();

        var execution = await RunAsync(step);

        execution.Status.Should().Be(BatchStatus.Failed);
        listener.Calls.Should().Equal("before", "after", "before", "error");
    }

    [Test]
    public async Task A_chunk_that_fails_after_its_commit_stays_committed_and_gets_an_error_call()
    {
        var listener = new BalanceRecorder();
        var writer = new ListItemWriter<int>();
        var step = new StepBuilder("load")
            .Chunk<int>(2)
            .Reader(_ => new ListItemReader<int>([1, 2, 3]))
            .Processor((item, _) => item == 2 ? throw new BusinessException("bad item") : ValueTask.FromResult(ItemResult<int>.Of(item)))
            .Writer(writer)
            .Listener(listener)
            .FaultTolerant()
            .Skip<BusinessException>()
            .Listener(new ThrowingSkipListener())
            .Build();

        var execution = await RunAsync(step);

        execution.Status.Should().Be(BatchStatus.Failed);
        listener.Calls.Should().Equal("before", "error");
        writer.Written.Should().Equal([1], "the chunk committed before its skip was reported");
        execution.StepExecutions.Single().CommitCount.Should().Be(1);
        execution.StepExecutions.Single().RollbackCount.Should().Be(0);
    }

    [Test]
    public async Task A_writer_whose_open_throws_leaves_no_stream_open()
    {
        var reader = new StreamRecorder();
        var writer = new OpenFailingWriter();
        var step = new StepBuilder("load").Chunk<int>(2).Reader(_ => reader).Writer(_ => writer).Build();

        var execution = await RunAsync(step);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.StepExecutions.Single().ExitStatus.ExitDescription.Should().Contain("cannot open the output");
        reader.Opened.Should().Be(1);
        reader.Closed.Should().Be(1, "every stream that was opened is closed");
        writer.Closed.Should().Be(0, "a stream whose open threw was not opened");
    }

    [Test]
    public async Task The_chunk_size_can_come_from_a_job_parameter()
    {
        var writer = new ChunkSizes();
        var step = new StepBuilder("load")
            .Chunk<int>(ctx => (int)ctx.JobParameters.GetLong("chunkSize"))
            .Reader(_ => new ListItemReader<int>(Enumerable.Range(1, 10).ToList()))
            .Writer(writer)
            .Build();

        var execution = await RunAsync(step, JobParameters.Parse("chunkSize:long=3"));

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Sizes.Should().Equal(3, 3, 3, 1);
        step.ChunkSize.Should().BeNull("the size is read per run");
    }

    [Test]
    public async Task A_chunk_size_below_one_from_a_parameter_fails_the_step_with_a_message_naming_it()
    {
        var step = new StepBuilder("load")
            .Chunk<int>(ctx => (int)ctx.JobParameters.GetLong("chunkSize"))
            .Reader(_ => new ListItemReader<int>([1, 2]))
            .Writer(new ListItemWriter<int>())
            .Build();

        var execution = await RunAsync(step, JobParameters.Parse("chunkSize:long=0"));

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.StepExecutions.Single().ExitStatus.ExitDescription.Should().Contain("chunk size of step 'load' came out as 0");
    }

    private static Task<JobExecution> RunAsync(IStep step, JobParameters? parameters = null) =>
        new JobLauncher(new InMemoryJobRepository()).RunAsync(new JobBuilder("driven").Start(step).Build(), parameters ?? JobParameters.Empty, CancellationToken.None);

    private sealed class BalanceRecorder : IChunkListener
    {
        public List<string> Calls { get; } = [];

        public ValueTask BeforeChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add("before");

        public ValueTask AfterChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add("after");

        public ValueTask AfterChunkErrorAsync(StepExecution stepExecution, Exception exception, CancellationToken cancellationToken) => Add("error");

        private ValueTask Add(string call)
        {
            Calls.Add(call);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class StreamRecorder : IItemReader<int>, IItemStream
    {
        public int Opened { get; private set; }

        public int Closed { get; private set; }

        public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ItemResult<int>.None);

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
        {
            Opened++;
            return ValueTask.CompletedTask;
        }

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync(CancellationToken cancellationToken)
        {
            Closed++;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class OpenFailingWriter : IItemWriter<int>, IItemStream
    {
        public int Closed { get; private set; }

        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
            throw new IOException("cannot open the output");

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync(CancellationToken cancellationToken)
        {
            Closed++;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingSkipListener : ISkipListener<int, int>
    {
        public ValueTask OnSkipInProcessAsync(int item, Exception exception, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("skip listener exploded");
    }

    private sealed class ChunkSizes : IItemWriter<int>
    {
        public List<int> Sizes { get; } = [];

        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            Sizes.Add(chunk.Count);
            return ValueTask.CompletedTask;
        }
    }
}
