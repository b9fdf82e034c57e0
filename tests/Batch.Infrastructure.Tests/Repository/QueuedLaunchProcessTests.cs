using Batch.Hosting;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// Queued launches for real, between processes (the crash host's <c>queue</c> mode: a launch of a job in launch group "gpu", one slot,
/// that waits for a free slot): a waiting process killed with SIGKILL leaves its ticket behind, which is discarded once it has been
/// silent for the waiting age, so the launch that arrived after it runs as soon as the slot is free; the killed one never runs.
/// </summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class QueuedLaunchProcessTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    /// <summary>Polls of 100 ms and a waiting age of 2 s: a live waiter refreshes its ticket twenty times within the age.</summary>
    private static readonly string[] Timing = ["poll-ms=100", "stale-ms=2000"];

    private TBackend _backend = null!;
    private IJobRepository _repository = null!;
    private Provider _provider = null!;
    private readonly List<string> _files = [];

    [SetUp]
    public async Task SetUpAsync()
    {
        _backend = new TBackend();
        _repository = await _backend.OpenAsync();
        _provider = _backend.Provider!;
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }

        await _backend.DisposeAsync();
    }

    [Test]
    public async Task A_waiting_process_killed_leaves_a_ticket_that_is_discarded_once_silent_and_the_next_launch_runs_when_the_slot_is_free()
    {
        var (releaseA, releaseC) = (NewFile(), NewFile());
        using var a = Launch("a", releaseA);
        await a.LineAsync("running a").WaitAsync(Generous);
        using var b = Launch("b", NewFile());
        await WaitUntilAsync(async () => (await TicketsAsync()).Count == 2, "b should queue behind a");
        var killedTicket = (await TicketsAsync()).Single(t => t.State == LaunchSlotState.Waiting);

        b.Kill();
        (await b.WaitAsync(Generous)).Should().Be(CrashHostProcess.Killed);
        using var c = Launch("c", releaseC);
        await WaitUntilAsync(async () => (await TicketsAsync()).Count == 3, "c should queue behind the killed b");
        await File.WriteAllTextAsync(releaseA, "go");
        (await a.WaitAsync(Generous)).Should().Be(BatchExitCodes.Completed, a.Output);

        await c.LineAsync("running c").WaitAsync(Generous);
        var tickets = await TicketsAsync();
        tickets.Should().ContainSingle("a gave its slot back, and the killed process's ticket was discarded once silent").Which.State.Should().Be(LaunchSlotState.Holding);
        tickets[0].Id.Should().BeGreaterThan(killedTicket.Id);
        await File.WriteAllTextAsync(releaseC, "go");
        (await c.WaitAsync(Generous)).Should().Be(BatchExitCodes.Completed, c.Output);
        (await _repository.GetJobInstanceAsync(QueueMode.JobName, JobParameters.Parse("run=b"), CancellationToken.None)).Should().BeNull("the killed launch never ran");
        (await TicketsAsync()).Should().BeEmpty();
    }

    private CrashHostProcess Launch(string run, string release) =>
        CrashHostProcess.Start("queue", _provider, [.. Timing, "run=" + run, "release=" + release]);

    private string NewFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"batch-queue-{Guid.NewGuid():N}");
        _files.Add(path);
        return path;
    }

    private async Task<IReadOnlyList<LaunchTicket>> TicketsAsync() => await _repository.LaunchSlots!.GetTicketsAsync("gpu", CancellationToken.None);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string because)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition() && waited.Elapsed < Generous)
        {
            await Task.Delay(20);
        }

        (await condition()).Should().BeTrue(because);
    }
}
