using Batch.Core.Tests.Support;
using Batch.Items;
using Batch.Items.Composite;

namespace Batch.Core.Tests.Items;

public class ClassifierWriterTests : LauncherFixture
{
    [Test]
    public async Task Each_item_goes_to_the_writer_its_classifier_names_in_read_order_with_one_chunk_per_target_per_chunk()
    {
        var even = new RecordingWriter<int>("even");
        var odd = new RecordingWriter<int>("odd");
        var writer = new ClassifierItemWriter<int>(n => n % 2 == 0 ? even : odd, even, odd);

        var execution = await RunAsync(CompositeWriterTests.Job(new ListItemReader<int>([.. Enumerable.Range(1, 25)]), writer));

        execution.Status.Should().Be(BatchStatus.Completed);
        even.Chunks.Should().HaveCount(3);
        odd.Chunks.Should().HaveCount(3);
        even.Chunks[0].Should().Equal(2, 4, 6, 8, 10);
        odd.Chunks[2].Should().Equal(21, 23, 25);
        even.Written.Should().Equal(Enumerable.Range(1, 25).Where(n => n % 2 == 0));
        odd.Written.Should().Equal(Enumerable.Range(1, 25).Where(n => n % 2 == 1));
        even.Calls[0].Should().Be("open");
        odd.Calls[^1].Should().Be("close");
    }

    [Test]
    public async Task A_target_that_gets_no_item_in_a_chunk_is_not_called()
    {
        var small = new RecordingWriter<int>("small");
        var large = new RecordingWriter<int>("large");
        var writer = new ClassifierItemWriter<int>(n => n <= 10 ? small : large, small, large);

        await RunAsync(CompositeWriterTests.Job(new ListItemReader<int>([.. Enumerable.Range(1, 30)]), writer));

        small.Chunks.Should().ContainSingle().Which.Should().Equal(Enumerable.Range(1, 10));
        large.Chunks.Should().HaveCount(2);
    }

    [Test]
    public async Task A_classifier_that_returns_an_unlisted_writer_fails_the_step_with_a_message_that_says_to_list_it()
    {
        var listed = new RecordingWriter<int>("listed");
        var unlisted = new RecordingWriter<int>("unlisted");
        var writer = new ClassifierItemWriter<int>(n => n == 3 ? unlisted : listed, listed);

        var execution = await RunAsync(CompositeWriterTests.Job(new ListItemReader<int>([1, 2, 3]), writer));

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.StepExecutions.Single().FailureExceptions.Should().ContainSingle()
            .Which.Message.Should().Contain("not one of its targets").And.Contain("list every writer");
        listed.Chunks.Should().BeEmpty();
    }
}
