using Batch.Hosting;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// The heartbeat (<see cref="IJobRepository.TouchJobExecutionAsync"/>) and the takeover of dead executions at launch
/// (<see cref="BatchOptions.TakeOverDeadExecutionsAfter"/>) on every repository: the heartbeat moves LAST_UPDATED without VERSION,
/// <see cref="IJobRepository.EndSilentJobExecutionAsync"/> counts it as a sign of life, and of two launches racing to take over
/// the same dead execution exactly one does and runs it.
/// </summary>
[TestFixture(typeof(InMemoryBackend))]
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class DeadExecutionTakeoverTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(10);
    private static readonly JobParameters Run1 = new JobParametersBuilder().AddLong("run", 1).Build();
    private TBackend _backend = null!;
    private FakeTimeProvider _clock = null!;
    private IJobRepository _repository = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        _backend = new TBackend { Time = _clock };
        _repository = await _backend.OpenAsync();
    }

    [TearDown]
    public async Task TearDownAsync() => await _backend.DisposeAsync();

    [Test]
    public async Task A_heartbeat_moves_LAST_UPDATED_but_not_VERSION_and_EndSilent_takes_an_execution_that_beat_for_alive()
    {
        var execution = await _repository.CreateJobExecutionAsync(new JobLaunchRequest("job", Run1) { StartTime = _clock.GetUtcNow() }, CancellationToken.None);
        var step = execution.CreateStepExecution("step");
        await _repository.AddStepExecutionAsync(step, CancellationToken.None);
        var beat = _clock.GetUtcNow() + TimeSpan.FromMinutes(5);

        (await _repository.TouchJobExecutionAsync(execution, beat, CancellationToken.None)).Should().BeTrue();

        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        (stored.LastUpdated, stored.Version).Should().Be((beat, execution.Version));
        var copy = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        copy.Status = BatchStatus.Failed;
        (await _repository.EndSilentJobExecutionAsync(copy, [], beat - TimeSpan.FromSeconds(1), CancellationToken.None))
            .Should().BeFalse("the heartbeat is later than the silence asked for");
        execution.ExitStatus = ExitStatus.Executing;
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None); // the engine's own save: no conflict with the beat
        copy = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
        copy.Status = BatchStatus.Failed;
        copy.EndTime = _clock.GetUtcNow();
        (await _repository.EndSilentJobExecutionAsync(copy, [], _clock.GetUtcNow() + TimeSpan.FromMinutes(6), CancellationToken.None)).Should().BeTrue();
        (await _repository.TouchJobExecutionAsync(execution, beat + TimeSpan.FromMinutes(1), CancellationToken.None))
            .Should().BeFalse("an ended execution is not touched: its process learns that someone else ended it");
        (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Failed);
    }

    [Test]
    public async Task A_launch_takes_over_a_dead_execution_restarts_it_from_its_last_commit_and_the_silent_process_coming_back_duplicates_nothing()
    {
        var (writer, written) = await _backend.ItemSinkAsync();
        var dead = await DeadRunAsync(writer, hangAt: 355);
        _clock.Advance(Threshold + TimeSpan.FromSeconds(1));
        var restart = new NumbersJob(RunMode.JobName, 1000, 10, writer);

        var execution = await TakingOver(await _backend.OpenAsync()).RunAsync(restart.Job, Run1, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        restart.FirstItem.Should().Be(351, "it resumed after the last committed chunk");
        var old = (await _repository.GetJobExecutionAsync(dead.Execution.Id, CancellationToken.None))!;
        old.Status.Should().Be(BatchStatus.Failed);
        old.ExitStatus.ExitDescription.Should().StartWith("Taken over by a launch in process");
        old.StepExecutions.Single().Status.Should().Be(BatchStatus.Failed);
        (await written()).Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i));

        // The silent process was not dead after all: it goes on with its chunk 351-360, whose commit fails its VERSION check.
        dead.Release.SetResult();
        (await dead.Run.WaitAsync(Generous)).Status.Should().NotBe(BatchStatus.Completed);
        await ShouldHaveWrittenOnceAsync(written, "its chunk was rolled back with the failed commit");
        var kept = (await _repository.GetJobExecutionAsync(dead.Execution.Id, CancellationToken.None))!;
        kept.Status.Should().Be(BatchStatus.Failed);
        kept.ExitStatus.ExitDescription.Should().StartWith("Taken over by a launch in process", "the old process's own end does not overwrite the takeover's record");
    }

    [Test]
    public async Task A_launch_within_the_threshold_is_refused_and_the_execution_stays_running()
    {
        var (writer, _) = await _backend.ItemSinkAsync();
        var live = await DeadRunAsync(writer, hangAt: 55);
        _clock.Advance(Threshold - TimeSpan.FromSeconds(1));

        var launch = () => TakingOver(_repository).RunAsync(new NumbersJob(RunMode.JobName, 1000, 10, writer).Job, Run1, CancellationToken.None);

        await launch.Should().ThrowAsync<JobExecutionAlreadyRunningException>();
        (await _repository.GetJobExecutionAsync(live.Execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
        live.Release.SetResult();
        (await live.Run.WaitAsync(Generous)).Status.Should().Be(BatchStatus.Completed, "it was alive, and nobody took it over");
    }

    [Test]
    public async Task Two_launches_racing_to_take_over_the_same_dead_execution_exactly_one_takes_it_over_and_runs_it_and_the_other_is_refused()
    {
        var (writer, written) = await _backend.ItemSinkAsync();
        var dead = await DeadRunAsync(writer, hangAt: 505);
        _clock.Advance(Threshold + TimeSpan.FromMinutes(1));
        var race = new TakeoverRace();
        // The one that runs waits at its first item until the other was refused, so that it is refused as running, not as complete.
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var jobs = Enumerable.Range(0, 2).Select(_ => new NumbersJob(RunMode.JobName, 1000, 10, writer)
        {
            BeforeItemAsync = (item, ct) => item == 501 ? refused.Task.WaitAsync(Generous, ct) : Task.CompletedTask,
        }).ToArray();
        var launchers = new[] { TakingOver(race.Wrap(await _backend.OpenAsync())), TakingOver(race.Wrap(await _backend.OpenAsync())) };

        var launches = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                return await launchers[i].RunAsync(jobs[i].Job, Run1, CancellationToken.None);
            }
            catch (JobExecutionAlreadyRunningException)
            {
                refused.TrySetResult();
                throw;
            }
        })).ToArray();
        await Task.WhenAll(launches).WaitAsync(Generous).ContinueWith(_ => { }, TaskScheduler.Default);

        (race.Won, race.Lost).Should().Be((1, 1), "both read the dead execution and tried to end it; the database let one");
        launches.Count(l => l.Status == TaskStatus.RanToCompletion).Should().Be(1);
        var ran = launches.Single(l => l.Status == TaskStatus.RanToCompletion).Result;
        ran.Status.Should().Be(BatchStatus.Completed);
        launches.Single(l => l.IsFaulted).Exception!.InnerException.Should().BeOfType<JobExecutionAlreadyRunningException>();
        jobs.Count(j => j.FirstItem == 501).Should().Be(1, "one job ran, from the last committed chunk");
        var executions = await _repository.GetJobExecutionsAsync(ran.JobInstance, CancellationToken.None);
        executions.Select(e => (e.Id, e.Status)).Should().BeEquivalentTo([(dead.Execution.Id, BatchStatus.Failed), (ran.Id, BatchStatus.Completed)]);
        (await written()).Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i));
        dead.Release.SetResult();
        await dead.Run.WaitAsync(Generous);
        await ShouldHaveWrittenOnceAsync(written, "the silent process's chunk was rolled back with its failed commit");
    }

    /// <summary>
    /// Every item once, after a silent process came back with a chunk in progress — when the writer is transactional (the databases'
    /// item table). The in-memory store's list writer is not: the chunk it had in progress is written again, as the takeover's
    /// documentation says of a file or service writer.
    /// </summary>
    private async Task ShouldHaveWrittenOnceAsync(Func<Task<IReadOnlyList<long>>> written, string because)
    {
        var items = await written();
        if (_backend.IsDatabase)
        {
            items.Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i), because);
        }
        else
        {
            items.Distinct().Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i), "nothing is lost");
            items.Should().HaveCount(1010, "the list writer wrote the silent process's chunk in progress a second time");
        }
    }

    private JobLauncher TakingOver(IJobRepository repository) =>
        new(repository, _clock, options: new BatchOptions { TakeOverDeadExecutionsAfter = Threshold });

    /// <summary>
    /// A run of the numbers job (1000 items, chunks of 10) that stops in the processor at <paramref name="hangAt"/> until released, on a
    /// repository of its own ("its process") and with a heartbeat that never comes within the test: after the clock moved on, it is
    /// what a killed process leaves — STARTED, its step STARTED, silent.
    /// </summary>
    private async Task<(JobExecution Execution, Task<JobExecution> Run, TaskCompletionSource Release)> DeadRunAsync(Items.IItemWriter<int> writer, int hangAt)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = new NumbersJob(RunMode.JobName, 1000, 10, writer)
        {
            BeforeItemAsync = async (item, ct) =>
            {
                if (item == hangAt)
                {
                    reached.TrySetResult();
                    await release.Task.WaitAsync(ct);
                }
            },
        };
        var silent = new JobLauncher(await _backend.OpenAsync(), _clock, options: new BatchOptions { HeartbeatInterval = BatchOptions.MaxHeartbeatInterval });
        var run = Task.Run(() => silent.RunAsync(job.Job, Run1, CancellationToken.None));
        await Task.WhenAny(reached.Task, run).WaitAsync(Generous);
        if (run.IsCompleted)
        {
            await run; // a failure to start says why
        }

        var live = (await _repository.GetRunningJobExecutionsAsync(RunMode.JobName, CancellationToken.None)).Single();
        return ((await _repository.GetJobExecutionAsync(live.Id, CancellationToken.None))!, run, release);
    }
}
