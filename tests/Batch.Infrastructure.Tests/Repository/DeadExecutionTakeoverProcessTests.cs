using Batch.Hosting;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// The takeover for real: a process running the numbers job (the crash host's <c>takeover</c> mode, a host with the command line)
/// is killed with SIGKILL in the middle of a chunk; the same <c>run</c> command again, with
/// <see cref="BatchOptions.TakeOverDeadExecutionsAfter"/> configured, takes the dead execution over and completes the instance —
/// every item exactly once, and no <c>recover</c>. While the process lived, its heartbeat beat, and a takeover was refused.
/// </summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class DeadExecutionTakeoverProcessTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private const string Heartbeat = "heartbeat-ms=300";
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    /// <summary>Short, so the test waits little after the kill; twice the heartbeat would be too short for a live process on a busy machine, but it is only used once the process is dead.</summary>
    private static readonly TimeSpan TakeOverAfter = TimeSpan.FromSeconds(3);

    private TBackend _backend = null!;
    private IJobRepository _repository = null!;
    private Provider _provider = null!;
    private string _release = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _backend = new TBackend();
        _repository = await _backend.OpenAsync();
        await _backend.ItemSinkAsync();
        _provider = _backend.Provider!;
        _release = Path.Combine(Path.GetTempPath(), $"batch-takeover-{Guid.NewGuid():N}");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        File.Delete(_release);
        await _backend.DisposeAsync();
    }

    [Test]
    public async Task A_run_killed_mid_chunk_is_taken_over_by_the_same_run_command_which_completes_it_without_recover_losing_and_duplicating_nothing()
    {
        long deadId;
        using (var first = CrashHostProcess.Start("takeover", _provider, Heartbeat, "hold-at=355", "release=" + _release, "--", "run", "numbers", "run:long=1"))
        {
            await first.Holding.WaitAsync(Generous);
            var holding = DateTimeOffset.UtcNow;
            deadId = (await _repository.GetRunningJobExecutionsAsync(RunMode.JobName, CancellationToken.None)).Single().Id;

            // Alive: it beats while it waits in the middle of chunk 351-360, and a launch that would take over a dead one refuses it.
            await WaitUntilAsync(async () => await HeartbeatAsync(deadId) > holding, "the held process should beat");
            var (refusedCode, refusedOutput) = await CrashHostProcess.RunAsync("takeover", _provider, Heartbeat, "takeover-ms=60000", "--", "run", "numbers", "run:long=1");
            refusedCode.Should().Be(BatchExitCodes.Refused, refusedOutput);
            refusedOutput.Should().Contain("is already running").And.NotContain("Took over");

            first.Kill();
            (await first.WaitAsync(Generous)).Should().Be(CrashHostProcess.Killed);
        }

        // Dead: once its heartbeat is older than the threshold (by the clock every process here reads), the same command takes it over.
        await WaitUntilAsync(async () => DateTimeOffset.UtcNow - await HeartbeatAsync(deadId) > TakeOverAfter + TimeSpan.FromSeconds(1), "the heartbeat should age");
        var (code, output) = await CrashHostProcess.RunAsync("takeover", _provider, Heartbeat, $"takeover-ms={(int)TakeOverAfter.TotalMilliseconds}", "--", "run", "numbers", "run:long=1");

        code.Should().Be(BatchExitCodes.Completed, output);
        output.Should().Contain($"Took over job 'numbers' execution {deadId}").And.Contain("launching the instance again");
        var dead = (await _repository.GetJobExecutionAsync(deadId, CancellationToken.None))!;
        dead.Status.Should().Be(BatchStatus.Failed);
        dead.ExitStatus.ExitDescription.Should().StartWith("Taken over by a launch in process");
        var executions = await _repository.GetJobExecutionsAsync(dead.JobInstance, CancellationToken.None);
        executions.Should().HaveCount(2);
        var resumed = (await _repository.GetJobExecutionAsync(executions.Single(e => e.Id != deadId).Id, CancellationToken.None))!;
        resumed.Status.Should().Be(BatchStatus.Completed);
        resumed.StepExecutions.Single().ReadCount.Should().Be(650, "it resumed after the last committed chunk, item 350");
        (await RepositoryBackend.ReadItemsAsync(_provider)).Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i));
    }

    /// <summary>The latest heartbeat of an execution, as stored: the LAST_UPDATED of it and of its steps.</summary>
    private async Task<DateTimeOffset> HeartbeatAsync(long executionId)
    {
        var execution = (await _repository.GetJobExecutionAsync(executionId, CancellationToken.None))!;
        return execution.StepExecutions.Select(s => s.LastUpdated).Append(execution.LastUpdated).Max() ?? execution.CreateTime;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string because)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition() && waited.Elapsed < Generous)
        {
            await Task.Delay(50);
        }

        (await condition()).Should().BeTrue(because);
    }
}
