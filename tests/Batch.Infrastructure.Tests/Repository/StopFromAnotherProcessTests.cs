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
    [Test]
    public async Task A_stop_from_another_process_ends_the_run_STOPPED_and_a_restart_completes_it()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        await backend.ItemSinkAsync();
        string[] arguments = ["run=1", "items=2000", "chunk=10", "delay-ms=1"];
        using var host = CrashHostProcess.Start("run", backend.Provider!, arguments);
        await host.Processing.WaitAsync(TimeSpan.FromSeconds(60));
        var live = await WaitForCommitsAsync(repository, 5);

        var jobOperator = new JobOperator(new JobRegistry(), new JobLauncher(repository), repository);
        await jobOperator.StopAsync(live.Id, CancellationToken.None);

        (await host.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(3, host.Output);
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
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var live = (await repository.GetRunningJobExecutionsAsync(RunMode.JobName, CancellationToken.None)).SingleOrDefault();
            if (live is not null && (await repository.GetJobExecutionAsync(live.Id, CancellationToken.None))!.StepExecutions is { Count: > 0 } steps && steps[0].CommitCount >= commits)
            {
                return live;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The job did not commit {commits} chunks within 30 seconds.");
    }
}
