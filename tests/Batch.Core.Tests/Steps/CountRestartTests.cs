using Batch.Core.Tests.Support;
using Batch.Items;

namespace Batch.Core.Tests.Steps;

public class CountRestartTests : LauncherFixture
{
    [Test]
    public async Task A_restarted_step_hands_a_count_restartable_reader_what_earlier_executions_consumed_and_nothing_is_lost_or_repeated()
    {
        var reader = new CountedReader(100) { Malformed = { 7 } };
        var writer = new AtomicWriter();
        HashSet<int> broken = [45, 75];
        var job = ChunkJobs.Numbers(
            reader,
            writer,
            chunkSize: 10,
            faultTolerance: ft => ft.Skip<MalformedItemException>().SkipLimit(10),
            processor: (n, _) => broken.Contains(n) ? throw new InvalidOperationException($"{n} is broken") : ValueTask.FromResult(ItemResult<int>.Of(n)));

        var first = await RunAsync(job);
        broken.Remove(45);
        var second = await RunAsync(job);
        broken.Remove(75);
        var third = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        second.Status.Should().Be(BatchStatus.Failed);
        third.Status.Should().Be(BatchStatus.Completed);
        reader.SkipCalls.Should().Equal([41, 71], "a chunk holds 10 items, so the first holds 11 lines with the skipped one");
        writer.Written.Should().Equal(Enumerable.Range(1, 100).Where(n => n != 7));
        var step = third.StepExecutions.Single();
        step.ItemsConsumedBefore.Should().Be(71);
        step.ItemsConsumed.Should().Be(100);
    }

    [Test]
    public async Task A_first_run_and_a_restart_after_a_failure_in_the_first_chunk_do_not_call_the_reader_to_skip()
    {
        var reader = new CountedReader(25);
        var writer = new AtomicWriter { FailNextWith = new InvalidOperationException("the target is read-only") };
        var job = ChunkJobs.Numbers(reader, writer, chunkSize: 10);

        var first = await RunAsync(job);
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        second.Status.Should().Be(BatchStatus.Completed);
        reader.SkipCalls.Should().BeEmpty();
        writer.Written.Should().Equal(Enumerable.Range(1, 25));
    }

    [Test]
    public async Task A_count_restartable_reader_puts_nothing_into_the_context_so_chunks_leave_it_clean()
    {
        var reader = new CountedReader(30);
        var writer = new AtomicWriter { Poisoned = { 25 } };
        var job = ChunkJobs.Numbers(reader, writer, chunkSize: 10);

        var first = await RunAsync(job);
        writer.Poisoned.Clear();
        var second = await RunAsync(job);

        first.StepExecutions.Single().ExecutionContext.Should().BeEmpty();
        second.StepExecutions.Single().ExecutionContext.Keys.Should().Equal(StepExecution.ItemsConsumedBeforeKey);
        second.StepExecutions.Single().ItemsConsumedBefore.Should().Be(20);
    }

    [Test]
    public async Task A_multi_threaded_read_ahead_step_hands_a_count_restartable_reader_only_what_committed_chunks_consumed()
    {
        var reader = new CountedReader(200) { Malformed = { 7, 133 } };
        var writer = new AtomicWriter();
        var broken = new System.Collections.Concurrent.ConcurrentDictionary<int, bool> { [95] = true };
        var job = ChunkJobs.Numbers(
            reader,
            writer,
            chunkSize: 10,
            faultTolerance: ft => ft.Skip<MalformedItemException>().SkipLimit(10),
            processor: (n, _) => broken.ContainsKey(n) ? throw new InvalidOperationException($"{n} is broken") : ValueTask.FromResult(ItemResult<int>.Of(n)),
            configure: b => b.Threads(3).ReadAhead());

        var first = await RunAsync(job);
        broken.Clear();
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        second.Status.Should().Be(BatchStatus.Completed);
        reader.SkipCalls.Should().Equal([91], "the committed chunks consumed 91 lines (90 items and line 7) although later chunks had been read ahead");
        writer.Written.Should().Equal(Enumerable.Range(1, 200).Where(n => n is not (7 or 133)));
        second.StepExecutions.Single().ItemsConsumed.Should().Be(200);
    }

    /// <summary>Numbers 1..count that resume from the count the step hands them and keep nothing in the context.</summary>
    private sealed class CountedReader(int count) : IItemReader<int>, IItemStream, IItemCountRestartable
    {
        private int _line;

        public HashSet<int> Malformed { get; } = [];

        public List<long> SkipCalls { get; } = [];

        public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken)
        {
            if (_line >= count)
            {
                return ValueTask.FromResult(ItemResult<int>.None);
            }

            _line++;
            return Malformed.Contains(_line)
                ? throw new MalformedItemException($"Line {_line} is malformed.", $"line {_line}")
                : ValueTask.FromResult(ItemResult<int>.Of(_line));
        }

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
        {
            _line = 0;
            return ValueTask.CompletedTask;
        }

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask SkipConsumedAsync(long itemsConsumed, CancellationToken cancellationToken)
        {
            SkipCalls.Add(itemsConsumed);
            _line = (int)itemsConsumed;
            return ValueTask.CompletedTask;
        }
    }
}
