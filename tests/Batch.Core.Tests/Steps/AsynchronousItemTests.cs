using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Core.Tests.Steps;

/// <summary>The chunk loop takes a synchronous fast path while calls complete synchronously; these pin down the pending paths.</summary>
public class AsynchronousItemTests
{
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public async Task Readers_and_processors_that_complete_asynchronously_read_filter_and_write_every_item_once(bool asyncReader, bool asyncProcessor)
    {
        var writer = new ListItemWriter<int>();
        var job = new JobBuilder("async")
            .Start(new StepBuilder("load")
                .Chunk<int, int>(100)
                .Reader(_ => new SometimesAsyncReader(1_005, asyncReader))
                .Processor(async (item, ct) =>
                {
                    if (asyncProcessor && item % 3 == 0)
                    {
                        await Task.Yield();
                    }

                    return item % 10 == 0 ? ItemResult<int>.None : new ItemResult<int>(item);
                })
                .Writer(writer)
                .Build())
            .Build();

        var execution = await new JobLauncher(new InMemoryJobRepository()).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        var step = execution.StepExecutions.Single();
        step.ReadCount.Should().Be(1_005);
        step.FilterCount.Should().Be(100);
        step.CommitCount.Should().Be(11);
        writer.Written.Should().Equal(Enumerable.Range(1, 1_005).Where(i => i % 10 != 0));
    }

    [Test]
    public async Task A_reader_that_fails_asynchronously_fails_the_step_and_rolls_back_the_chunk()
    {
        var writer = new ListItemWriter<int>();
        var job = new JobBuilder("async-failure")
            .Start(new StepBuilder("load")
                .Chunk<int>(10)
                .Reader(_ => new SometimesAsyncReader(100, asynchronous: true, failAt: 25))
                .Writer(writer)
                .Build())
            .Build();

        var execution = await new JobLauncher(new InMemoryJobRepository()).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Failed);
        writer.Written.Should().Equal(Enumerable.Range(1, 20));
        execution.StepExecutions.Single().RollbackCount.Should().Be(1);
    }

    private sealed class SometimesAsyncReader(int count, bool asynchronous, int failAt = 0) : IItemReader<int>
    {
        private int _next;

        public async ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken)
        {
            if (asynchronous && _next % 7 == 0)
            {
                await Task.Yield();
            }

            if (_next >= count)
            {
                return ItemResult<int>.None;
            }

            _next++;
            return _next == failAt ? throw new InvalidOperationException($"bad item {_next}") : new ItemResult<int>(_next);
        }
    }
}
