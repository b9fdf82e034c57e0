using System.Collections.Concurrent;
using Batch.Hosting;
using Batch.Infrastructure.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// Queued launches through the job repository (<see cref="IJobRepository.LaunchSlots"/>) on every backend: two repository instances on
/// one store play two processes competing for a launch group's slots. Exactly one takes the last slot, waiting launches are served in
/// arrival order, and tickets no live process holds (silent, or whose execution ended) are discarded.
/// </summary>
[TestFixture(typeof(InMemoryBackend))]
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class LaunchSlotsTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);
    private TBackend _backend = null!;
    private FakeTimeProvider _clock = null!;
    private IJobRepository _one = null!;
    private IJobRepository _other = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _clock = new FakeTimeProvider(Start);
        _backend = new TBackend { Time = _clock };
        _one = await _backend.OpenAsync();
        _other = await _backend.OpenAsync();
    }

    [TearDown]
    public async Task TearDownAsync() => await _backend.DisposeAsync();

    [Test]
    public async Task Of_launches_racing_from_two_processes_for_the_last_slot_exactly_one_takes_it()
    {
        for (var round = 0; round < 10; round++)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            {
                await go.Task;
                return await Slots(i % 2 == 0 ? _one : _other).EnterAsync(At(Start, "job" + i), queue: false, CancellationToken.None);
            })).ToList();

            go.SetResult();
            var outcomes = await Task.WhenAll(racers).WaitAsync(Generous);

            outcomes.Count(o => o.State == LaunchSlotState.Holding).Should().Be(1, "round {0}", round);
            outcomes.Count(o => o.State == LaunchSlotState.Full).Should().Be(11, "the others found the group full and queued nothing");
            var tickets = await Slots(_one).GetTicketsAsync("gpu", CancellationToken.None);
            tickets.Should().ContainSingle().Which.State.Should().Be(LaunchSlotState.Holding);
            await Slots(_other).ReleaseAsync(tickets[0].Id, CancellationToken.None);
        }
    }

    [Test]
    public async Task Waiting_launches_of_two_processes_take_the_freed_slot_in_their_order_of_arrival_however_they_ask()
    {
        var holder = await Slots(_one).EnterAsync(At(Start, "a"), queue: true, CancellationToken.None);
        var waiting = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var attempt = await Slots(i % 2 == 0 ? _other : _one).EnterAsync(At(Start, "w" + i), queue: true, CancellationToken.None);
            attempt.State.Should().Be(LaunchSlotState.Waiting);
            attempt.Ahead.Should().Be(i);
            waiting.Add(attempt.TicketId!.Value);
        }

        var current = holder.TicketId!.Value;
        for (var turn = 0; turn < waiting.Count; turn++)
        {
            await Slots(_one).ReleaseAsync(current, CancellationToken.None); // its launch has ended
            var left = waiting.Skip(turn).ToList();

            // Every waiter asks at once, from both processes, youngest first: only the oldest takes the slot.
            var answers = await Task.WhenAll(left.AsEnumerable().Reverse().Select((ticket, i) =>
                Task.Run(async () => (Ticket: ticket, Attempt: await Slots(i % 2 == 0 ? _one : _other).RetryAsync(ticket, At(Start, "w"), CancellationToken.None)))))
                .WaitAsync(Generous);

            answers.Where(a => a.Attempt.State == LaunchSlotState.Holding).Select(a => a.Ticket).Should().Equal([left[0]], "first come, first served");
            answers.Where(a => a.Ticket != left[0]).Should().NotContain(a => a.Attempt.State != LaunchSlotState.Waiting);
            current = left[0];
        }
    }

    [Test]
    public async Task A_waiting_ticket_whose_process_was_killed_is_discarded_once_silent_and_no_longer_blocks_the_group()
    {
        var holder = await Slots(_one).EnterAsync(At(Start, "a"), queue: true, CancellationToken.None);
        var killed = await Slots(_one).EnterAsync(At(Start, "killed"), queue: true, CancellationToken.None);
        var alive = await Slots(_other).EnterAsync(At(Start, "alive"), queue: true, CancellationToken.None);
        await Slots(_one).ReleaseAsync(holder.TicketId!.Value, CancellationToken.None);

        // Still within the waiting age: the killed process's ticket is ahead, and keeps its place.
        (await Slots(_other).RetryAsync(alive.TicketId!.Value, At(Start + TimeSpan.FromSeconds(30), "alive"), CancellationToken.None)).State
            .Should().Be(LaunchSlotState.Waiting);

        var later = Start + TimeSpan.FromSeconds(61);
        var moved = await Slots(_other).RetryAsync(alive.TicketId!.Value, At(later, "alive"), CancellationToken.None);

        moved.State.Should().Be(LaunchSlotState.Holding, "the ticket ahead had been silent for longer than the waiting age");
        (await Slots(_one).GetTicketsAsync("gpu", CancellationToken.None)).Select(t => t.Id).Should().Equal(alive.TicketId!.Value);
        (await Slots(_one).RetryAsync(killed.TicketId!.Value, At(later, "killed"), CancellationToken.None)).State.Should().Be(LaunchSlotState.Lost);
    }

    [Test]
    public async Task A_slot_is_held_by_its_live_execution_and_free_once_the_execution_ended_or_its_heartbeat_fell_silent()
    {
        var held = await Slots(_one).EnterAsync(At(Start, "a"), queue: false, CancellationToken.None);
        var execution = await _one.CreateJobExecutionAsync(new JobLaunchRequest("a", JobParameters.Parse("run=1")) { StartTime = Start }, CancellationToken.None);
        await Slots(_one).AttachAsync(held.TicketId!.Value, execution.Id, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(9));
        await _one.TouchJobExecutionAsync(execution, _clock.GetUtcNow(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(9));

        (await Slots(_other).EnterAsync(At(_clock.GetUtcNow(), "b"), queue: false, CancellationToken.None)).State
            .Should().Be(LaunchSlotState.Full, "its execution beat 9 minutes ago, within the holding age of 10");

        _clock.Advance(TimeSpan.FromMinutes(2)); // 11 minutes of silence: its process is taken for dead
        var next = await Slots(_other).EnterAsync(At(_clock.GetUtcNow(), "b"), queue: false, CancellationToken.None);
        next.State.Should().Be(LaunchSlotState.Holding);

        var second = await _other.CreateJobExecutionAsync(new JobLaunchRequest("b", JobParameters.Parse("run=2")) { StartTime = _clock.GetUtcNow() }, CancellationToken.None);
        await Slots(_other).AttachAsync(next.TicketId!.Value, second.Id, CancellationToken.None);
        second.Status = BatchStatus.Completed; // it ended, and its process died before giving the ticket back
        second.EndTime = _clock.GetUtcNow();
        await _other.UpdateJobExecutionAsync(second, CancellationToken.None);

        (await Slots(_one).EnterAsync(At(_clock.GetUtcNow(), "c"), queue: false, CancellationToken.None)).State.Should().Be(LaunchSlotState.Holding);
    }

    [Test]
    public async Task A_launch_waiting_in_one_process_runs_when_the_job_of_the_other_process_ends()
    {
        var gates = new ConcurrentDictionary<string, TaskCompletionSource>();
        var entered = new ConcurrentQueue<string>();
        TaskCompletionSource Gate(string run) => gates.GetOrAdd(run, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var job = new JobBuilder("train").LaunchGroup("gpu", maxLive: 1)
            .Start(new StepBuilder("work").Tasklet(async (ctx, ct) =>
            {
                var run = ctx.JobParameters.GetString("run");
                entered.Enqueue(run);
                await Gate(run).Task.WaitAsync(ct);
                return RepeatStatus.Finished;
            }).Build())
            .Build();
        var first = Task.Run(() => new JobLauncher(_one, _clock).RunAsync(job, JobParameters.Parse("run=a"), CancellationToken.None));
        await WaitUntilAsync(() => Task.FromResult(entered.Contains("a")));
        var refused = () => new JobLauncher(_other, _clock).RunAsync(job, JobParameters.Parse("run=b"), CancellationToken.None);
        (await refused.Should().ThrowAsync<LaunchSlotUnavailableException>()).Which.Message.Should().Contain("--wait");

        var second = Task.Run(() => new JobLauncher(_other, _clock).RunAsync(job, JobParameters.Parse("run=b"), LaunchOptions.WaitForSlot(), CancellationToken.None));
        await WaitUntilAsync(async () => (await Slots(_one).GetTicketsAsync("gpu", CancellationToken.None)).Count == 2);
        Gate("a").SetResult();
        (await first.WaitAsync(Generous)).Status.Should().Be(BatchStatus.Completed);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!entered.Contains("b") && waited.Elapsed < Generous)
        {
            _clock.Advance(BatchOptions.DefaultLaunchPollInterval);
            await Task.Delay(20);
        }

        Gate("b").SetResult();
        (await second.WaitAsync(Generous)).Status.Should().Be(BatchStatus.Completed);
        entered.Should().Equal("a", "b");
        (await Slots(_one).GetTicketsAsync(null, CancellationToken.None)).Should().BeEmpty();
    }

    private static ILaunchSlots Slots(IJobRepository repository) => repository.LaunchSlots!;

    private static LaunchSlotRequest At(DateTimeOffset now, string job) =>
        new("gpu", 1, job, "test", now, now - TimeSpan.FromMinutes(1), now - TimeSpan.FromMinutes(10));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition() && waited.Elapsed < Generous)
        {
            await Task.Delay(20);
        }

        (await condition()).Should().BeTrue("the launches should get there");
    }
}
