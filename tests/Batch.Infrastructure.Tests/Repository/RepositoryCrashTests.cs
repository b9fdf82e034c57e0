using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// Crash and resume, for real (guarantee 3: a chunk is atomic with its checkpoint). A child process runs a
/// chunk job whose writer inserts into TEST_ITEM through the chunk's transaction; it is killed with SIGKILL —
/// at chosen points (while reading, after the write, while the commit is in flight, right after it) and at
/// random moments — the operator marks the dead execution FAILED, and the instance is restarted until it
/// completes. Every item must then be in the table exactly once.
/// </summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class RepositoryCrashTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private const int Items = 3000;
    private const int ChunkSize = 10;

    /// <summary>Twelve kill points per database (chunks counted within each run, so they land all along the instance).</summary>
    private static readonly string[] KillPoints =
    [
        "read:1", "write:1", "commit:1", "after-commit:1", "read:7", "write:13",
        "commit:19", "after-commit:23", "commit:31", "write:37", "commit:43", "after-commit:50",
    ];

    private TBackend _backend = null!;
    private IJobRepository _repository = null!;
    private Provider _provider = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _backend = new TBackend();
        _repository = await _backend.OpenAsync();
        await _backend.ItemSinkAsync();
        _provider = _backend.Provider!;
    }

    [TearDown]
    public async Task TearDownAsync() => await _backend.DisposeAsync();

    [Test]
    public async Task Killed_at_twelve_chosen_points_including_mid_commit_the_restarted_job_writes_every_item_exactly_once()
    {
        foreach (var point in KillPoints)
        {
            var (exitCode, output) = await CrashHostProcess.RunAsync("run", _provider, Arguments(run: 1, $"crash={point}"));
            exitCode.Should().Be(CrashHostProcess.Killed, $"the host kills itself at {point}; its output:\n{output}");
            await NumbersRunRecovery.MarkDeadExecutionsFailedAsync(_repository);
        }

        await RunToCompletionAsync(run: 1);
    }

    [Test]
    public async Task Killed_at_eight_random_moments_the_restarted_job_writes_every_item_exactly_once()
    {
        var random = new Random(TestContext.CurrentContext.Random.Next());
        var completed = false;
        for (var kill = 0; kill < 8 && !completed; kill++)
        {
            using var host = CrashHostProcess.Start("run", _provider, Arguments(run: 2));
            var exited = host.WaitAsync(TimeSpan.FromMinutes(3));
            if (await Task.WhenAny(host.Processing, exited) != exited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 120)));
                host.Kill();
            }

            (await exited).Should().BeOneOf([CrashHostProcess.Killed, 0], host.Output);
            await NumbersRunRecovery.MarkDeadExecutionsFailedAsync(_repository);
            completed = await NumbersRunRecovery.IsCompleteAsync(_repository, run: 2); // a kill may land after the job's last save

        }

        await RunToCompletionAsync(run: 2, completed);
    }

    private static string[] Arguments(int run, params string[] more) =>
        [$"run={run}", $"items={Items}", $"chunk={ChunkSize}", .. more];

    private async Task RunToCompletionAsync(int run, bool completed = false)
    {
        if (!completed)
        {
            var (exitCode, output) = await CrashHostProcess.RunAsync("run", _provider, Arguments(run));
            exitCode.Should().Be(0, $"the last restart completes the instance; its output:\n{output}");
        }

        var items = await RepositoryBackend.ReadItemsAsync(_provider);
        items.Should().Equal(Enumerable.Range(1, Items).Select(i => (long)i), "every item is written exactly once, whatever the kills");
        (await _repository.GetRunningJobExecutionsAsync(RunMode.JobName, CancellationToken.None)).Should().BeEmpty();
    }
}
