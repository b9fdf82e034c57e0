using System.Collections.Concurrent;
using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Launch;

/// <summary>
/// Queued launches on the in-memory repository: a launch group's limit refuses a launch past it, or makes it wait for a free slot in
/// order of arrival. The jobs wait on gates the tests open; the polling runs on a fake clock the tests advance.
/// </summary>
public class QueuedLaunchTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);
    private readonly ConcurrentDictionary<string, RunGate> _gates = new();
    private readonly ConcurrentQueue<string> _entered = new();
    private FakeTimeProvider _clock = null!;
    private InMemoryJobRepository _repository = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(Start);
        _repository = new InMemoryJobRepository(_clock);
        _gates.Clear();
        _entered.Clear();
    }

    [Test]
    public async Task A_second_launch_past_a_limit_of_one_is_refused_naming_the_limit_and_wait_and_leaves_no_ticket()
    {
        var jobOperator = Operator(new BatchOptions(), Gated(new JobBuilder("train").MaxLiveExecutions(1)));
        var first = Launch(jobOperator, "train", "a", LaunchOptions.Default);
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);

        var second = () => jobOperator.StartAsync("train", "run=b", CancellationToken.None);

        var refused = (await second.Should().ThrowAsync<LaunchSlotUnavailableException>()).Which;
        refused.Message.Should().Contain("Job 'train' allows at most 1 live execution").And.Contain("--wait").And.Contain("try again later");
        refused.GroupName.Should().Be("train");
        refused.MaxLive.Should().Be(1);
        (await Tickets()).Should().ContainSingle("only the running launch holds a ticket").Which.State.Should().Be(LaunchSlotState.Holding);
        (await _repository.GetJobInstanceAsync("train", JobParameters.Parse("run=b"), CancellationToken.None)).Should().BeNull("nothing was launched");
        Gate("a").Release.SetResult();
        (await first.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        (await Tickets()).Should().BeEmpty("the slot is given back when the job ends");
    }

    [Test]
    public async Task A_waiting_launch_starts_only_after_the_running_one_ends()
    {
        var jobOperator = Operator(new BatchOptions(), Gated(new JobBuilder("train").MaxLiveExecutions(1)));
        var first = Launch(jobOperator, "train", "a", LaunchOptions.Default);
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);
        var second = Launch(jobOperator, "train", "b", LaunchOptions.WaitForSlot());
        await WaitForTicketsAsync(2);

        // It asks again at every poll (its ticket's heartbeat moves) and keeps waiting while the first runs.
        var seen = Start;
        for (var poll = 1; poll <= 5; poll++)
        {
            await AdvanceUntilAsync(async () => (await Tickets()).Single(t => t.State == LaunchSlotState.Waiting).Heartbeat > seen);
            seen = (await Tickets()).Single(t => t.State == LaunchSlotState.Waiting).Heartbeat;
        }

        Gate("b").Entered.Task.IsCompleted.Should().BeFalse("the only slot is held by the running execution");
        Gate("a").Release.SetResult();
        (await first.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        await AdvanceUntilAsync(() => Gate("b").Entered.Task.IsCompleted);
        Gate("b").Release.SetResult();
        (await second.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        _entered.Should().Equal("a", "b");
        (await Tickets()).Should().BeEmpty();
    }

    [Test]
    public async Task Three_waiting_launches_run_one_after_another_in_their_order_of_arrival()
    {
        var jobOperator = Operator(new BatchOptions(), Gated(new JobBuilder("train").MaxLiveExecutions(1)));
        var runs = new List<Task<JobExecution>> { Launch(jobOperator, "train", "a", LaunchOptions.Default) };
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);
        foreach (var name in new[] { "c", "b", "d" })
        {
            runs.Add(Launch(jobOperator, "train", name, LaunchOptions.WaitForSlot()));
            await WaitForTicketsAsync(runs.Count); // arrives after the one before it
        }

        foreach (var (running, next) in new[] { ("a", "c"), ("c", "b"), ("b", "d") })
        {
            Gate(running).Release.SetResult();
            await AdvanceUntilAsync(() => Gate(next).Entered.Task.IsCompleted);
        }

        Gate("d").Release.SetResult();
        foreach (var run in runs)
        {
            (await run.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        }

        _entered.Should().Equal(["a", "c", "b", "d"], "first come, first served, and one at a time");
    }

    [Test]
    public async Task Waiting_next_launches_number_their_instances_when_their_turn_comes_so_each_runs_a_new_one()
    {
        var job = Gated(
            new JobBuilder("gpu").MaxLiveExecutions(1).Incrementer(new RunIdIncrementer()),
            p => p.GetLong("run.id").ToString(System.Globalization.CultureInfo.InvariantCulture));
        var jobOperator = Operator(new BatchOptions(), job);
        var runs = new List<Task<JobExecution>> { Task.Run(() => jobOperator.StartNextInstanceAsync("gpu", null, LaunchOptions.Default, CancellationToken.None)) };
        await Gate("1").Entered.Task.WaitAsync(FakeClock.Generous);
        for (var waiting = 1; waiting <= 2; waiting++)
        {
            runs.Add(Task.Run(() => jobOperator.StartNextInstanceAsync("gpu", null, LaunchOptions.WaitForSlot(), CancellationToken.None)));
            await WaitForTicketsAsync(runs.Count);
        }

        foreach (var (running, next) in new[] { ("1", "2"), ("2", "3") })
        {
            Gate(running).Release.SetResult();
            await AdvanceUntilAsync(() => Gate(next).Entered.Task.IsCompleted);
        }

        Gate("3").Release.SetResult();
        foreach (var run in runs)
        {
            (await run.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        }

        _entered.Should().Equal(["1", "2", "3"], "the two that waited were numbered when their turn came, not both 2 when they joined the line");
    }

    [Test]
    public async Task Cancelling_a_waiting_launch_removes_its_ticket_and_the_launch_behind_it_moves_up()
    {
        var jobOperator = Operator(new BatchOptions(), Gated(new JobBuilder("train").MaxLiveExecutions(1)));
        var first = Launch(jobOperator, "train", "a", LaunchOptions.Default);
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);
        using var ctrlC = new CancellationTokenSource();
        var cancelled = Task.Run(() => jobOperator.StartAsync("train", "run=b", LaunchOptions.WaitForSlot(), ctrlC.Token));
        await WaitForTicketsAsync(2);
        var third = Launch(jobOperator, "train", "c", LaunchOptions.WaitForSlot());
        await WaitForTicketsAsync(3);

        await ctrlC.CancelAsync();

        await FluentActions.Awaiting(() => cancelled.WaitAsync(FakeClock.Generous)).Should().ThrowAsync<OperationCanceledException>();
        (await Tickets()).Select(t => t.JobName + ":" + t.State).Should().Equal("train:Holding", "train:Waiting");
        (await _repository.GetJobInstanceAsync("train", JobParameters.Parse("run=b"), CancellationToken.None)).Should().BeNull("a cancelled wait launches nothing");
        Gate("a").Release.SetResult();
        await AdvanceUntilAsync(() => Gate("c").Entered.Task.IsCompleted);
        Gate("c").Release.SetResult();
        (await third.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        (await first.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        _entered.Should().Equal("a", "c");
    }

    [Test]
    public async Task A_launch_group_shared_by_two_jobs_counts_the_executions_of_both()
    {
        var jobOperator = Operator(
            new BatchOptions(),
            Gated(new JobBuilder("train").LaunchGroup("gpu", maxLive: 1)),
            Gated(new JobBuilder("evaluate").LaunchGroup("gpu", maxLive: 1)));
        var train = Launch(jobOperator, "train", "a", LaunchOptions.Default);
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);

        var refused = (await FluentActions.Awaiting(() => jobOperator.StartAsync("evaluate", "run=b", CancellationToken.None))
            .Should().ThrowAsync<LaunchSlotUnavailableException>()).Which;
        refused.Message.Should().Contain("Launch group 'gpu' of job 'evaluate' allows at most 1 live execution");
        var evaluate = Launch(jobOperator, "evaluate", "b", LaunchOptions.WaitForSlot());
        await WaitForTicketsAsync(2);
        Gate("a").Release.SetResult();
        await AdvanceUntilAsync(() => Gate("b").Entered.Task.IsCompleted);
        Gate("b").Release.SetResult();

        (await train.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        (await evaluate.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        _entered.Should().Equal("a", "b");
    }

    [Test]
    public async Task A_launch_whose_maximum_wait_runs_out_is_refused_saying_how_long_it_waited_and_leaves_no_ticket()
    {
        var jobOperator = Operator(new BatchOptions(), Gated(new JobBuilder("train").MaxLiveExecutions(1)));
        var first = Launch(jobOperator, "train", "a", LaunchOptions.Default);
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);
        var waiting = Task.Run(() => jobOperator.StartAsync("train", "run=b", LaunchOptions.WaitForSlot(TimeSpan.FromSeconds(30)), CancellationToken.None));
        await WaitForTicketsAsync(2);

        await AdvanceUntilAsync(() => waiting.IsCompleted);

        var refused = (await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<LaunchSlotUnavailableException>()).Which;
        refused.Message.Should().Contain("waited 30 s for a slot, its maximum wait").And.Contain("1 is still live").And.Contain("Try again later");
        _clock.GetUtcNow().Should().BeOnOrAfter(Start + TimeSpan.FromSeconds(30), "it is refused only once its wait has run out");
        (await Tickets()).Should().ContainSingle().Which.State.Should().Be(LaunchSlotState.Holding);
        Gate("a").Release.SetResult();
        (await first.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        Gate("b").Entered.Task.IsCompleted.Should().BeFalse();
    }

    [Test]
    public async Task A_waiting_launch_of_an_instance_that_already_completed_is_refused_at_once_instead_of_after_its_wait()
    {
        var jobOperator = Operator(new BatchOptions(), Gated(new JobBuilder("train").MaxLiveExecutions(1)));
        Gate("done").Release.SetResult();
        (await jobOperator.StartAsync("train", "run=done", CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);
        var first = Launch(jobOperator, "train", "a", LaunchOptions.Default);
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);

        var again = () => jobOperator.StartAsync("train", "run=done", LaunchOptions.WaitForSlot(), CancellationToken.None);

        await again.Should().ThrowAsync<JobInstanceAlreadyCompleteException>();
        (await Tickets()).Should().ContainSingle("the refused launch gave its place up").Which.State.Should().Be(LaunchSlotState.Holding);
        Gate("a").Release.SetResult();
        (await first.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_waiting_launch_rides_out_a_transient_fault_of_the_job_repository_and_keeps_its_place()
    {
        var flaky = new FlakySlots(_repository.LaunchSlots, failingRetries: 3);
        var (hooked, hooks) = HookedRepository.Wrap(_repository);
        hooks.On("get_" + nameof(IJobRepository.LaunchSlots), (_, _) => flaky);
        var launcher = new JobLauncher(hooked, _clock);
        var job = Gated(new JobBuilder("train").MaxLiveExecutions(1));
        var jobOperator = new JobOperator(new JobRegistry(job), launcher, hooked, _clock);
        var first = Launch(jobOperator, "train", "a", LaunchOptions.Default);
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);
        var second = Launch(jobOperator, "train", "b", LaunchOptions.WaitForSlot());
        await WaitForTicketsAsync(2);

        await AdvanceUntilAsync(() => flaky.Failures >= 3);
        Gate("a").Release.SetResult();
        await AdvanceUntilAsync(() => Gate("b").Entered.Task.IsCompleted);

        Gate("b").Release.SetResult();
        (await second.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed, "three failed polls only delayed it");
        (await first.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_limit_of_two_runs_two_at_once_and_configuration_overrides_the_limit_given_in_code()
    {
        var configured = new BatchOptions();
        configured.LaunchGroups["gpu"] = 2;
        var jobOperator = Operator(configured, Gated(new JobBuilder("train").LaunchGroup("gpu", maxLive: 1)));
        var a = Launch(jobOperator, "train", "a", LaunchOptions.Default);
        var b = Launch(jobOperator, "train", "b", LaunchOptions.Default);
        await Gate("a").Entered.Task.WaitAsync(FakeClock.Generous);
        await Gate("b").Entered.Task.WaitAsync(FakeClock.Generous);

        var third = () => jobOperator.StartAsync("train", "run=c", CancellationToken.None);

        (await third.Should().ThrowAsync<LaunchSlotUnavailableException>()).Which.MaxLive.Should().Be(2);
        Gate("a").Release.SetResult();
        Gate("b").Release.SetResult();
        (await a.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
        (await b.WaitAsync(FakeClock.Generous)).Status.Should().Be(BatchStatus.Completed);
    }

    [Test]
    public async Task A_slot_is_free_as_soon_as_its_execution_has_ended_even_when_the_ticket_was_never_given_back()
    {
        var slots = _repository.LaunchSlots;
        var now = _clock.GetUtcNow();
        var request = new LaunchSlotRequest("gpu", 1, "train", "test", now, now - TimeSpan.FromMinutes(1), now - TimeSpan.FromMinutes(10));
        var held = await slots.EnterAsync(request, queue: false, CancellationToken.None);
        held.State.Should().Be(LaunchSlotState.Holding);
        var execution = await _repository.CreateJobExecutionAsync(new JobLaunchRequest("train", JobParameters.Empty) { StartTime = now }, CancellationToken.None);
        await slots.AttachAsync(held.TicketId!.Value, execution.Id, CancellationToken.None);
        (await slots.EnterAsync(request, queue: false, CancellationToken.None)).State.Should().Be(LaunchSlotState.Full);

        execution.Status = BatchStatus.Completed; // its process saved the end, then died before giving the ticket back
        execution.EndTime = now;
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);

        (await slots.EnterAsync(request, queue: false, CancellationToken.None)).State.Should().Be(LaunchSlotState.Holding);
    }

    [Test]
    public async Task A_waiting_ticket_whose_process_stopped_asking_is_discarded_and_the_launch_behind_it_moves_up()
    {
        var slots = _repository.LaunchSlots;
        LaunchSlotRequest At(DateTimeOffset now, string job) => new("gpu", 1, job, "test", now, now - TimeSpan.FromMinutes(1), now - TimeSpan.FromMinutes(10));
        var holder = await slots.EnterAsync(At(Start, "a"), queue: false, CancellationToken.None);
        var dead = await slots.EnterAsync(At(Start, "dead"), queue: true, CancellationToken.None);
        var alive = await slots.EnterAsync(At(Start, "alive"), queue: true, CancellationToken.None);
        dead.Ahead.Should().Be(0);
        alive.Ahead.Should().Be(1);
        await slots.ReleaseAsync(holder.TicketId!.Value, CancellationToken.None);

        var later = Start + TimeSpan.FromSeconds(61); // the dead waiter has been silent for longer than the waiting age
        var moved = await slots.RetryAsync(alive.TicketId!.Value, At(later, "alive"), CancellationToken.None);

        moved.State.Should().Be(LaunchSlotState.Holding, "the silent ticket ahead of it was discarded");
        (await slots.RetryAsync(dead.TicketId!.Value, At(later, "dead"), CancellationToken.None)).State.Should().Be(LaunchSlotState.Lost);
    }

    [Test]
    public void Limits_below_one_and_a_second_launch_group_are_refused_with_a_message()
    {
        FluentActions.Invoking(() => new JobBuilder("train").MaxLiveExecutions(0)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*at least 1 live execution*");
        FluentActions.Invoking(() => new JobBuilder("train").MaxLiveExecutions(1).LaunchGroup("gpu", 1)).Should().Throw<InvalidOperationException>()
            .WithMessage("*already in launch group 'train'*");
        FluentActions.Invoking(() => LaunchOptions.WaitForSlot(TimeSpan.FromSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    private JobOperator Operator(BatchOptions options, params IJob[] jobs)
    {
        var launcher = new JobLauncher(_repository, _clock, options: options);
        return new JobOperator(new JobRegistry(jobs), launcher, _repository, _clock, options);
    }

    private SimpleJob Gated(JobBuilder builder) => Gated(builder, p => p.GetString("run"));

    private SimpleJob Gated(JobBuilder builder, Func<JobParameters, string> runOf) => builder
        .Start(new StepBuilder("work").Tasklet(async (ctx, ct) =>
        {
            var run = runOf(ctx.JobParameters);
            _entered.Enqueue(run);
            Gate(run).Entered.TrySetResult();
            await Gate(run).Release.Task.WaitAsync(ct);
            return RepeatStatus.Finished;
        }).Build())
        .Build();

    private static Task<JobExecution> Launch(JobOperator jobOperator, string job, string run, LaunchOptions options) =>
        Task.Run(() => jobOperator.StartAsync(job, "run=" + run, options, CancellationToken.None));

    private RunGate Gate(string run) => _gates.GetOrAdd(run, _ => new RunGate());

    private async Task<IReadOnlyList<LaunchTicket>> Tickets() => await _repository.LaunchSlots.GetTicketsAsync(null, CancellationToken.None);

    private Task WaitForTicketsAsync(int count) => WaitUntilAsync(async () => (await Tickets()).Count == count);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition() && waited.Elapsed < FakeClock.Generous)
        {
            await Task.Delay(10);
        }

        (await condition()).Should().BeTrue("the launches should get there");
    }

    /// <summary>Advances the fake clock one poll at a time until the condition holds (however long the machine takes).</summary>
    private Task AdvanceUntilAsync(Func<bool> condition) => AdvanceUntilAsync(() => Task.FromResult(condition()));

    private async Task AdvanceUntilAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition() && waited.Elapsed < FakeClock.Generous)
        {
            _clock.Advance(BatchOptions.DefaultLaunchPollInterval);
            await Task.Delay(10);
        }

        (await condition()).Should().BeTrue("the launch should get there");
    }

    /// <summary>Launch slots whose first retries fail with a transient database fault.</summary>
    private sealed class FlakySlots(ILaunchSlots inner, int failingRetries) : ILaunchSlots
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public ValueTask<LaunchSlotAttempt> EnterAsync(LaunchSlotRequest request, bool queue, CancellationToken cancellationToken) =>
            inner.EnterAsync(request, queue, cancellationToken);

        public ValueTask<LaunchSlotAttempt> RetryAsync(long ticketId, LaunchSlotRequest request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _failures) <= failingRetries
                ? throw new TransientDbException("the database is restarting")
                : inner.RetryAsync(ticketId, request, cancellationToken);

        public ValueTask AttachAsync(long ticketId, long jobExecutionId, CancellationToken cancellationToken) => inner.AttachAsync(ticketId, jobExecutionId, cancellationToken);

        public ValueTask ReleaseAsync(long ticketId, CancellationToken cancellationToken) => inner.ReleaseAsync(ticketId, cancellationToken);

        public ValueTask<IReadOnlyList<LaunchTicket>> GetTicketsAsync(string? groupName, CancellationToken cancellationToken) => inner.GetTicketsAsync(groupName, cancellationToken);
    }

    private sealed class RunGate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
