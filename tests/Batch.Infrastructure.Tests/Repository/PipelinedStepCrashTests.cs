using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// Crash and resume of steps that overlap their work (multi-threaded, read-ahead, concurrent processing): a child process
/// runs the numbers job with its writer inserting into TEST_ITEM in the chunk's transaction and is killed with SIGKILL at
/// random moments while chunks are read ahead and processed on several threads (each item waits 2 ms, so a run lasts long
/// enough to be killed in its middle); after each kill the dead execution is
/// marked FAILED and the instance restarted, until it completes. Every item must then be in the table exactly once.
/// </summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class PipelinedStepCrashTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private const int Items = 3000;
    private const int ChunkSize = 10;

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

    [TestCase("threads")]
    [TestCase("read-ahead")]
    [TestCase("concurrent")]
    [TestCase("all")]
    public async Task Killed_at_random_moments_an_overlapping_step_restarted_writes_every_item_exactly_once(string overlap)
    {
        var random = new Random(TestContext.CurrentContext.Random.Next());
        string[] arguments = ["run=1", $"items={Items}", $"chunk={ChunkSize}", "delay-ms=2", $"overlap={overlap}"];
        var completed = false;
        var killed = 0;
        for (var kill = 0; kill < 5 && !completed; kill++)
        {
            using var host = CrashHostProcess.Start("run", _provider, arguments);
            var exited = host.WaitAsync(TimeSpan.FromMinutes(3));
            if (await Task.WhenAny(host.Processing, exited) != exited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 150)));
                host.Kill();
            }

            var exitCode = await exited;
            exitCode.Should().BeOneOf([CrashHostProcess.Killed, 0], host.Output);
            killed += exitCode == CrashHostProcess.Killed ? 1 : 0;
            await NumbersRunRecovery.MarkDeadExecutionsFailedAsync(_repository);
            completed = await NumbersRunRecovery.IsCompleteAsync(_repository, run: 1);
        }

        if (!completed)
        {
            var (exitCode, output) = await CrashHostProcess.RunAsync("run", _provider, arguments);
            exitCode.Should().Be(0, $"the last restart completes the instance; its output:\n{output}");
        }

        killed.Should().BePositive("at least one run must have been killed in the middle for the test to mean anything");
        var items = await RepositoryBackend.ReadItemsAsync(_provider);
        items.Should().Equal(Enumerable.Range(1, Items).Select(i => (long)i), "every item is written exactly once, whatever the kills");
    }
}
