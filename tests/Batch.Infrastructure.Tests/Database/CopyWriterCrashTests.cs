using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Launch;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>
/// The COPY writer killed for real: a child process loads the numbers with binary COPY in the chunk's transaction and kills
/// itself with SIGKILL at a chosen point (while reading, after the COPY before the commit, while the commit is in flight,
/// right after it); the dead execution is marked FAILED and the instance restarted. The table has a primary key, so a
/// duplicate would fail the restart: every item must end up in it exactly once.
/// </summary>
public sealed class CopyWriterCrashTests
{
    private const int Items = 500;

    [Test]
    public async Task Killed_after_the_copy_during_and_after_the_commit_the_restarted_load_has_every_item_exactly_once()
    {
        await using var backend = new PostgresBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider;
        foreach (var point in new[] { "write:2", "read:3", "commit:2", "after-commit:3", "write:1" })
        {
            var (exitCode, output) = await CrashHostProcess.RunAsync("copy", provider, [$"items={Items}", "chunk=20", $"crash={point}"]);
            exitCode.Should().Be(CrashHostProcess.Killed, $"the host kills itself at {point}; its output:\n{output}");
            var jobOperator = new JobOperator(new JobRegistry(), new JobLauncher(repository), repository);
            foreach (var dead in await repository.GetRunningJobExecutionsAsync(CopyMode.JobName, CancellationToken.None))
            {
                await jobOperator.MarkEndedAsync(dead.Id, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);
            }
        }

        var (lastExit, lastOutput) = await CrashHostProcess.RunAsync("copy", provider, [$"items={Items}", "chunk=20"]);

        lastExit.Should().Be(0, lastOutput);
        await using var connection = await provider.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT ITEM), MIN(ITEM), MAX(ITEM), COUNT(*) FILTER (WHERE LABEL = 'item ' || ITEM) FROM TEST_COPY";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)).Should().Be((Items, Items, 1L, (long)Items, Items));
    }
}
