using Batch.Core.Tests.Support;
using Batch.Items;
using Batch.Items.Composite;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Core.Tests.Items;

public class CompositeWriterTests : LauncherFixture
{
    [Test]
    public async Task A_composite_writer_writes_every_chunk_to_each_writer_in_order_and_the_step_opens_updates_and_closes_their_streams()
    {
        var order = new List<string>();
        var first = new RecordingWriter<int>("first");
        var second = new RecordingWriter<int>("second");
        var composite = new CompositeItemWriter<int>(new Tracing(first, "first", order), new Tracing(second, "second", order));

        var execution = await RunAsync(Job(new ListItemReader<int>([.. Enumerable.Range(1, 25)]), composite));

        execution.Status.Should().Be(BatchStatus.Completed);
        first.Written.Should().Equal(Enumerable.Range(1, 25));
        second.Written.Should().Equal(Enumerable.Range(1, 25));
        order.Should().Equal("first", "second", "first", "second", "first", "second");
        first.Calls.Should().Equal("open", "write", "update", "write", "update", "write", "update", "close");
        var context = execution.StepExecutions.Single().ExecutionContext;
        context.GetLong("first.written").Should().Be(25);
        context.GetLong("second.written").Should().Be(25);
    }

    [Test]
    public async Task A_delegate_that_is_also_registered_on_the_step_is_opened_and_closed_once()
    {
        var writer = new RecordingWriter<int>("only");
        var composite = new CompositeItemWriter<int>(writer, new CompositeItemWriter<int>(writer));

        var execution = await RunAsync(Job(new ListItemReader<int>([1, 2, 3]), composite, configure: b => b.Stream(writer)));

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Calls.Count(c => c == "open").Should().Be(1);
        writer.Calls.Count(c => c == "close").Should().Be(1);
    }

    [Test]
    public async Task A_failing_writer_of_a_composite_fails_the_step_and_the_restart_writes_the_chunk_again_to_both()
    {
        var first = new RecordingWriter<int>("first");
        var second = new RecordingWriter<int>("second") { FailOn = 15, Failing = true };
        var job = Job(new ListItemReader<int>([.. Enumerable.Range(1, 25)]), new CompositeItemWriter<int>(first, second));

        var failed = await RunAsync(job);
        var restarted = await RunAsync(job);

        failed.Status.Should().Be(BatchStatus.Failed);
        restarted.Status.Should().Be(BatchStatus.Completed);
        second.Written.Should().Equal(Enumerable.Range(1, 25));
        first.Written.Should().Equal([.. Enumerable.Range(1, 20), .. Enumerable.Range(11, 15)], "the first writer is not transactional: it saw the failed chunk once before the restart");
    }

    [Test]
    public void A_composite_writer_needs_at_least_one_writer()
    {
        var act = () => new CompositeItemWriter<int>();

        act.Should().Throw<ArgumentException>().WithMessage("*at least one writer*");
    }

    internal static SimpleJob Job<T>(IItemReader<T> reader, IItemWriter<T> writer, int chunkSize = 10, Action<ChunkStepBuilder<T, T>>? configure = null)
    {
        var builder = new StepBuilder("load").Chunk<T>(chunkSize).Reader(reader).Writer(writer);
        configure?.Invoke(builder);
        return new JobBuilder("composites").Start(builder.Build()).Build();
    }

    private sealed class Tracing(IItemWriter<int> inner, string name, List<string> order) : IItemWriter<int>, Batch.Items.Composite.IDelegatingItemComponent
    {
        public IReadOnlyList<object> Delegates { get; } = [inner];

        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            order.Add(name);
            return inner.WriteAsync(chunk, cancellationToken);
        }
    }
}
