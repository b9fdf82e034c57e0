using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Launch;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// Stop is a first-class outcome, across processes (guarantee 4): while a child process runs the job, the
/// test — another process with its own repository — asks the operator to stop it. The child sees STOPPING
/// at its next chunk boundary (the checkpoint's UPDATE returns it), ends STOPPED with exit code 3, and a
/// restart completes the instance with every item written once.
/// </summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class StopFromAnotherProcessTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [Test]
    public async Task A_stop_from_another_process_ends_the_run_STOPPED_and_a_restart_completes_it()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        await backend.ItemSinkAsync();
        // The job holds at item 101 (after ten commits) until the stop was requested: a barrier, not a race with its speed.
        var release = Path.Combine(Path.GetTempPath(), $"batch-stop-release-{Guid.NewGuid():N}");
        string[] arguments = ["run=1", "items=2000", "chunk=10", "hold-at=101", $"release={release}"];
        using var host = CrashHostProcess.Start("run", backend.Provider!, arguments);
        await host.Holding.WaitAsync(Generous);
        var live = await WaitForCommitsAsync(repository, 10);

        var jobOperator = new JobOperator(new JobRegistry(), new JobLauncher(repository), repository);
        await jobOperator.StopAsync(live.Id, CancellationToken.None);
        await File.WriteAllTextAsync(release, string.Empty);

        (await host.WaitAsync(Generous)).Should().Be(3, host.Output);
        File.Delete(release);
        var stopped = (await repository.GetJobExecutionAsync(live.Id, CancellationToken.None))!;
        stopped.Status.Should().Be(BatchStatus.Stopped);
        stopped.StepExecutions.Single().Status.Should().Be(BatchStatus.Stopped);
        (await RepositoryBackend.ReadItemsAsync(backend.Provider!)).Count.Should().BeLessThan(2000);
        var (exitCode, output) = await CrashHostProcess.RunAsync("run", backend.Provider!, ["run=1", "items=2000", "chunk=10"]);
        exitCode.Should().Be(0, output);
        (await RepositoryBackend.ReadItemsAsync(backend.Provider!)).Should().Equal(Enumerable.Range(1, 2000).Select(i => (long)i));
    }

    private static async Task<JobExecution> WaitForCommitsAsync(Batch.Repository.IJobRepository repository, int commits)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew(); // a limit on a condition wait, never asserted on
        while (waited.Elapsed < Generous)
        {
            var live = (await repository.GetRunningJobExecutionsAsync(RunMode.JobName, CancellationToken.None)).SingleOrDefault();
            if (live is not null && (await repository.GetJobExecutionAsync(live.Id, CancellationToken.None))!.StepExecutions is { Count: > 0 } steps && steps[0].CommitCount >= commits)
            {
                return live;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The job did not commit {commits} chunks within {Generous.TotalMinutes} minutes.");
    }
}
