using System.Collections.Concurrent;
using Batch.Core.Tests.Support;
using Batch.Items;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Steps;

/// <summary>Multi-threaded, read-ahead and concurrently processing chunk steps: same output as the plain step, exact counts, exact restarts.</summary>
public class PipelinedStepTests : LauncherFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static IEnumerable<TestCaseData> Overlaps()
    {
        yield return new TestCaseData((Action<ChunkStepBuilder<int, int>>)(b => b.Threads(4))).SetArgDisplayNames("Threads(4)");
        yield return new TestCaseData((Action<ChunkStepBuilder<int, int>>)(b => b.ReadAhead())).SetArgDisplayNames("ReadAhead");
        yield return new TestCaseData((Action<ChunkStepBuilder<int, int>>)(b => b.ProcessConcurrently(8))).SetArgDisplayNames("ProcessConcurrently(8)");
        yield return new TestCaseData((Action<ChunkStepBuilder<int, int>>)(b => b.Threads(3).ProcessConcurrently(5).ReadAhead())).SetArgDisplayNames("all three");
    }

    [TestCaseSource(nameof(Overlaps))]
    public async Task An_overlapping_step_writes_what_the_plain_step_writes_in_the_same_order_with_the_same_counts(Action<ChunkStepBuilder<int, int>> overlap)
    {
        var plainWriter = new AtomicWriter();
        var plain = await RunAsync(ChunkJobs.Numbers(new NumberReader(1005), plainWriter, chunkSize: 10, processor: FilterMultiplesOfSevenAsync, name: "plain"));
        var writer = new AtomicWriter();
        var overlapping = await RunAsync(ChunkJobs.Numbers(new NumberReader(1005), writer, chunkSize: 10, processor: FilterMultiplesOfSevenAsync, configure: overlap));

        overlapping.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(plainWriter.Written);
        var step = overlapping.StepExecutions.Single();
        var plainStep = plain.StepExecutions.Single();
        (step.ReadCount, step.WriteCount, step.FilterCount, step.CommitCount).Should().Be((plainStep.ReadCount, plainStep.WriteCount, plainStep.FilterCount, plainStep.CommitCount));
        (step.ReadCount, step.FilterCount).Should().Be((1005, 1005 / 7));
        step.ExecutionContext.GetLong("numbers.line").Should().Be(1005);
    }

    [TestCaseSource(nameof(Overlaps))]
    public async Task A_step_that_fails_in_a_chunk_while_later_chunks_are_read_ahead_restarts_after_the_last_committed_chunk(Action<ChunkStepBuilder<int, int>> overlap)
    {
        var reader = new NumberReader(200);
        var writer = new AtomicWriter { Poisoned = { 57 } };
        var job = ChunkJobs.Numbers(reader, writer, chunkSize: 10, processor: FilterMultiplesOfSevenAsync, configure: overlap);

        var first = await RunAsync(job);
        writer.Poisoned.Clear();
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        var failed = first.StepExecutions.Single();
        failed.ExecutionContext.GetLong("numbers.line").Should().Be(50, "the position saved is the reader's just after the last committed chunk, not after the chunks read ahead");
        (failed.ReadCount, failed.CommitCount).Should().Be((50, 5));
        second.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(1, 200).Where(n => n % 7 != 0), "nothing lost and nothing written twice");
        second.StepExecutions.Single().ReadCount.Should().Be(150);
    }

    [Test]
    public async Task A_processor_failure_in_a_chunk_ahead_leaves_the_earlier_chunks_committed_and_the_restart_resumes_exactly()
    {
        var broken = new ConcurrentDictionary<int, bool>();
        broken[83] = true;
        var writer = new AtomicWriter();
        var job = ChunkJobs.Numbers(
            new NumberReader(120),
            writer,
            chunkSize: 10,
            processor: (n, _) => broken.ContainsKey(n) ? throw new InvalidOperationException($"{n} is broken") : ValueTask.FromResult(ItemResult<int>.Of(n)),
            configure: b => b.Threads(4));

        var first = await RunAsync(job);
        broken.Clear();
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        first.ExitStatus.ExitDescription.Should().Contain("83 is broken");
        first.StepExecutions.Single().ReadCount.Should().Be(80);
        second.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(1, 120));
    }

    [Test]
    public async Task A_multi_threaded_step_processes_several_chunks_at_once_and_calls_the_reader_and_writer_one_at_a_time()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new ConcurrentDictionary<int, TaskCompletionSource>();
        var reader = new GuardedReader(40);
        var writer = new GuardedWriter();
        var step = new StepBuilder("load").Chunk<int, int>(10)
            .Reader(reader)
            .Processor(async (n, ct) =>
            {
                if (n % 10 == 1)
                {
                    Signal(started, n).SetResult();
                    await gate.Task.WaitAsync(ct);
                }

                return ItemResult<int>.Of(n);
            })
            .Writer(writer)
            .Threads(3)
            .Build();
        var run = RunAsync(new Batch.Jobs.JobBuilder("threads").Start(step).Build());

        await Task.WhenAll(Signal(started, 1).Task, Signal(started, 11).Task, Signal(started, 21).Task).WaitAsync(Patience);
        started.Keys.Should().BeEquivalentTo([1, 11, 21], "three chunks are processed at once, no more");
        gate.SetResult();
        var execution = await run.WaitAsync(Patience);

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(1, 40));
        (reader.Overlaps, writer.Overlaps).Should().Be((0, 0));
    }

    [Test]
    public async Task A_read_ahead_step_reads_the_next_chunk_while_the_current_one_is_written()
    {
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var twentyRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new GuardedReader(30, read => { if (read == 20) { twentyRead.SetResult(); } });
        var writer = new GuardedWriter
        {
            OnWrite = async chunk =>
        {
            if (chunk[0] == 1)
            {
                writing.SetResult();
                await release.Task;
            }
        }
        };
        var step = new StepBuilder("load").Chunk<int>(10).Reader(reader).Writer(writer).ReadAhead().Build();
        var run = RunAsync(new Batch.Jobs.JobBuilder("ahead").Start(step).Build());

        await writing.Task.WaitAsync(Patience);
        await twentyRead.Task.WaitAsync(Patience);
        reader.Reads.Should().Be(20, "while chunk 1 is written chunk 2 is read, and only one chunk ahead");
        release.SetResult();
        var execution = await run.WaitAsync(Patience);

        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(1, 30));
    }

    [Test]
    public async Task Concurrent_processing_keeps_at_most_the_bound_pending_and_writes_in_read_order_whatever_order_calls_complete_in()
    {
        var calls = new ConcurrentDictionary<int, TaskCompletionSource<ItemResult<int>>>();
        var arrived = new ConcurrentDictionary<int, TaskCompletionSource>();
        var writer = new AtomicWriter();
        var job = ChunkJobs.Numbers(
            new NumberReader(12),
            writer,
            chunkSize: 12,
            processor: (n, _) =>
            {
                var call = new TaskCompletionSource<ItemResult<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
                calls[n] = call;
                Signal(arrived, n).SetResult();
                return new ValueTask<ItemResult<int>>(call.Task);
            },
            configure: b => b.ProcessConcurrently(4));
        var run = RunAsync(job);

        await Task.WhenAll(Enumerable.Range(1, 4).Select(n => Signal(arrived, n).Task)).WaitAsync(Patience);
        calls.Keys.Should().BeEquivalentTo([1, 2, 3, 4], "only four calls may be pending");
        for (var n = 4; n >= 2; n--)
        {
            calls[n].SetResult(ItemResult<int>.Of(n * 100));
        }

        calls.Count.Should().Be(4, "the window moves only when its oldest call completes");
        calls[1].SetResult(ItemResult<int>.None);
        for (var n = 5; n <= 12; n++)
        {
            await Signal(arrived, n).Task.WaitAsync(Patience);
            calls[n].SetResult(ItemResult<int>.Of(n * 100));
        }

        var execution = await run.WaitAsync(Patience);
        execution.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(2, 11).Select(n => n * 100));
        execution.StepExecutions.Single().FilterCount.Should().Be(1);
    }

    [Test]
    public async Task A_chunk_whose_reading_exceeds_the_fetch_timeout_fails_the_step_even_when_the_reader_ignores_cancellation()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var launcher = new Batch.Launch.JobLauncher(Repository, timeProvider: clock);
        var reader = new NumberReader(100) { HangAt = 25 };
        var writer = new AtomicWriter();
        var job = ChunkJobs.Numbers(reader, writer, chunkSize: 10, configure: b => b.ReadAhead());
        var run = launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);

        await reader.Hanging.Task.WaitAsync(Patience);
        clock.Advance(TimeSpan.FromSeconds(59));
        run.IsCompleted.Should().BeFalse("the fetch timeout is 60 s");
        clock.Advance(TimeSpan.FromSeconds(1));
        var execution = await run.WaitAsync(Patience);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("fetch timeout of 60 s").And.Contain("chunk of 10 items");
        writer.Written.Should().Equal(Enumerable.Range(1, 20));
        execution.StepExecutions.Single().ExecutionContext.GetLong("numbers.line").Should().Be(20);
    }

    [Test]
    public async Task A_stopped_multi_threaded_step_restarts_without_losing_or_repeating_items()
    {
        var writer = new AtomicWriter();
        var stopAfter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = ChunkJobs.Numbers(
            new NumberReader(300),
            writer,
            chunkSize: 10,
            processor: async (n, ct) =>
            {
                if (n == 95)
                {
                    stopAfter.TrySetResult();
                    await resume.Task;
                }

                return ItemResult<int>.Of(n);
            },
            configure: b => b.Threads(2));
        var first = RunAsync(job);
        await stopAfter.Task.WaitAsync(Patience);
        var running = (await Repository.GetRunningJobExecutionsAsync("numbers", CancellationToken.None)).Single();
        await new Batch.Launch.JobOperator(new Batch.Launch.JobRegistry(job), Launcher, Repository).StopAsync(running.Id, CancellationToken.None);
        resume.SetResult();
        var stopped = await first.WaitAsync(Patience);
        var second = await RunAsync(job);

        stopped.Status.Should().Be(BatchStatus.Stopped);
        second.Status.Should().Be(BatchStatus.Completed);
        writer.Written.Should().Equal(Enumerable.Range(1, 300));
        (stopped.StepExecutions.Single().ReadCount + second.StepExecutions.Single().ReadCount).Should().Be(300);
    }

    [TestCaseSource(nameof(Overlaps))]
    public async Task A_fault_tolerant_overlapping_step_skips_what_the_plain_fault_tolerant_step_skips_and_writes_the_same(Action<ChunkStepBuilder<int, int>> overlap)
    {
        FaultTolerantChunkStepBuilder<int, int> Policy(FaultTolerantChunkStepBuilder<int, int> ft) =>
            ft.Skip<MalformedItemException>().Skip<PoisonedItemException>().Skip<InvalidOperationException>().SkipLimit(20);
        static ValueTask<ItemResult<int>> Process(int n, CancellationToken ct) =>
            n % 50 == 0 ? throw new InvalidOperationException($"{n} cannot be processed") : ValueTask.FromResult(ItemResult<int>.Of(n));
        NumberReader Reader() => new(400) { Malformed = { 13, 77, 301 } };
        var plainWriter = new AtomicWriter { Poisoned = { 123, 250 } };
        var plain = await RunAsync(ChunkJobs.Numbers(Reader(), plainWriter, chunkSize: 10, faultTolerance: Policy, processor: Process, name: "plain"));
        var writer = new AtomicWriter { Poisoned = { 123, 250 } };

        var overlapping = await RunAsync(ChunkJobs.Numbers(Reader(), writer, chunkSize: 10, faultTolerance: Policy, processor: Process, configure: overlap));

        overlapping.Status.Should().Be(BatchStatus.Completed);
        overlapping.ExitStatus.ExitCode.Should().Be(plain.ExitStatus.ExitCode);
        writer.Written.Should().Equal(plainWriter.Written);
        var step = overlapping.StepExecutions.Single();
        var plainStep = plain.StepExecutions.Single();
        (step.ReadCount, step.WriteCount, step.ReadSkipCount, step.ProcessSkipCount, step.WriteSkipCount)
            .Should().Be((plainStep.ReadCount, plainStep.WriteCount, plainStep.ReadSkipCount, plainStep.ProcessSkipCount, plainStep.WriteSkipCount));
        (step.ReadSkipCount, step.ProcessSkipCount, step.WriteSkipCount).Should().Be((3, 8, 1), "250 is skipped in processing (a multiple of 50) before it reaches the writer");
    }

    [TestCaseSource(nameof(Overlaps))]
    public async Task Chunks_filled_side_by_side_never_skip_more_than_the_skip_limit_together(Action<ChunkStepBuilder<int, int>> overlap)
    {
        var writer = new AtomicWriter();
        var job = ChunkJobs.Numbers(
            new NumberReader(200) { Malformed = { 3, 14, 25, 36, 47 } },
            writer,
            chunkSize: 10,
            faultTolerance: ft => ft.Skip<MalformedItemException>().SkipLimit(4),
            configure: overlap);

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("skip limit of 4");
        var step = execution.StepExecutions.Single();
        step.ReadSkipCount.Should().Be(4, "the chunks holding the first four malformed lines committed; the fifth failed the step");
        writer.Written.Should().Equal(Enumerable.Range(1, 44).Where(n => n is not (3 or 14 or 25 or 36)), "a chunk of 10 items spans 11 lines when one is skipped");
    }

    private static ValueTask<ItemResult<int>> FilterMultiplesOfSevenAsync(int n, CancellationToken cancellationToken) =>
        ValueTask.FromResult(n % 7 == 0 ? ItemResult<int>.None : ItemResult<int>.Of(n));

    /// <summary>The signal of one key, made by whichever side comes first: the code under test sets it, the test awaits it.</summary>
    private static TaskCompletionSource Signal(ConcurrentDictionary<int, TaskCompletionSource> signals, int key) =>
        signals.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Numbers 1..count; counts reads and calls that overlapped another call.</summary>
    private sealed class GuardedReader(int count, Action<int>? afterRead = null) : IItemReader<int>
    {
        private int _next;
        private int _inside;

        public int Reads => Volatile.Read(ref _next);

        public int Overlaps { get; private set; }

        public async ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _inside) > 1)
            {
                Overlaps++;
            }

            await Task.Yield();
            Interlocked.Decrement(ref _inside);
            if (_next >= count)
            {
                return ItemResult<int>.None;
            }

            var item = Interlocked.Increment(ref _next);
            afterRead?.Invoke(item);
            return ItemResult<int>.Of(item);
        }
    }

    /// <summary>Collects what it writes; counts calls that overlapped another call.</summary>
    private sealed class GuardedWriter : IItemWriter<int>
    {
        private readonly List<int> _written = [];
        private int _inside;

        public Func<Chunk<int>, Task>? OnWrite { get; init; }

        public IReadOnlyList<int> Written => _written;

        public int Overlaps { get; private set; }

        public async ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _inside) > 1)
            {
                Overlaps++;
            }

            if (OnWrite is not null)
            {
                await OnWrite(chunk);
            }

            await Task.Yield();
            _written.AddRange(chunk);
            Interlocked.Decrement(ref _inside);
        }
    }
}
