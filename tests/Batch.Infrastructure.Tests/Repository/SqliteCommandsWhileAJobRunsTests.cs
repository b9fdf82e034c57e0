using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// Guarantee 4 on SQLite, whose file has one write lock for every process: while one process runs a job whose chunks take
/// about 200 ms in their writer, the operator's commands from other processes — <c>show</c>, <c>list</c>, <c>recover</c>, <c>stop</c> —
/// each answer, and <c>stop</c> ends the run STOPPED (exit 3). Before, every read-only command first took the write lock to create
/// the schema, and each chunk held it from its BEGIN IMMEDIATE across its writer's wait, so the commands waited out the busy
/// timeout and failed with "database is locked".
/// </summary>
/// <remarks>
/// No timing is asserted. The commands run with a busy timeout of 10 s: a command starved of the lock fails with
/// "database is locked" (exit 1) after it, and the test fails on the exit code. The 90 s limit on each process only keeps a hang
/// from blocking the suite (a fresh process costs about 2 s of CPU, far more on a loaded machine). The first round runs while the
/// job's writer is parked inside a chunk on a file the test holds, the second while chunks flow.
/// </remarks>
public sealed class SqliteCommandsWhileAJobRunsTests
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Show_list_recover_and_stop_from_other_processes_answer_while_a_job_with_slow_chunks_runs()
    {
        await using var backend = new SqliteBackend();
        var repository = await backend.OpenAsync();
        var provider = backend.Provider;
        var hold = Path.Combine(Path.GetTempPath(), $"batch-hold-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(hold, "the writer waits while this file exists");
        try
        {
            using var job = CrashHostProcess.Start("cli", provider, "hold=" + hold, "chunk-ms=200", "--", "run", CliMode.JobName, "run:long=1");
            await job.LineAsync("holding").WaitAsync(ProcessLimit);
            var live = (await repository.GetRunningJobExecutionsAsync(CliMode.JobName, CancellationToken.None)).Single();

            // The writer is inside its chunk, waiting, and has not touched the chunk's transaction: nobody holds the write lock.
            await CommandSucceedsAsync(provider, "show", live.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await CommandSucceedsAsync(provider, "list");
            await CommandSucceedsAsync(provider, "recover");

            File.Delete(hold);
            await WaitForCommitsAsync(repository, live.Id, 3);

            // Chunks now flow, one every ~200 ms; each holds the lock only for its insert, checkpoint and commit.
            var show = await CommandSucceedsAsync(provider, "show", live.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            show.Should().Contain($"execution {live.Id}").And.Contain("STARTED");
            (await CommandSucceedsAsync(provider, "list")).Should().Contain(CliMode.JobName);
            (await CommandSucceedsAsync(provider, "recover")).Should().Contain("No running execution");
            (await CommandSucceedsAsync(provider, "stop", live.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Should().Contain("STOPPING");

            (await job.WaitAsync(ProcessLimit)).Should().Be(3, job.Output);
            var stopped = (await repository.GetJobExecutionAsync(live.Id, CancellationToken.None))!;
            stopped.Status.Should().Be(BatchStatus.Stopped);
            var rows = await RepositoryBackend.ReadItemsAsync(provider);
            rows.Should().HaveCount((int)stopped.StepExecutions.Single().WriteCount, "the rows of every committed chunk, and only those, are there");
        }
        finally
        {
            File.Delete(hold);
        }
    }

    [Test]
    public async Task A_SQLite_chunk_takes_the_write_lock_only_when_its_writer_first_uses_the_transaction_and_still_commits_with_its_checkpoint()
    {
        await using var backend = new SqliteBackend();
        var path = backend.Provider.ConnectionString;
        await using var repository = RelationalJobRepository.CreateSqlite(path);
        var provider = new Provider("sqlite", path);
        await ItemTable.CreateAsync(provider);
        var execution = await repository.CreateJobExecutionAsync(
            new JobLaunchRequest("numbers", JobParameters.Empty, Restartable: true), CancellationToken.None);
        var step = execution.CreateStepExecution("load");
        await repository.AddStepExecutionAsync(step, CancellationToken.None);
        await using var other = RelationalJobRepository.CreateSqlite(path, new SqliteJobRepositoryOptions { BusyTimeout = TimeSpan.Zero });
        var elsewhere = await other.CreateJobExecutionAsync(new JobLaunchRequest("other", JobParameters.Empty, Restartable: true), CancellationToken.None);
        await using var session = await repository.OpenChunkSessionAsync(step, CancellationToken.None);

        await using (var chunk = await session.BeginChunkAsync(CancellationToken.None))
        {
            // Begun but untouched (the reader read, the processor processed, the writer waits on something): the lock is free,
            // so another process's write (here a status update with a busy timeout of zero) gets in at once.
            elsewhere.Status = BatchStatus.Stopping;
            await other.UpdateJobExecutionAsync(elsewhere, CancellationToken.None);

            await using (var insert = chunk.Connection!.CreateCommand())
            {
                insert.Transaction = chunk.Transaction;
                insert.CommandText = "INSERT INTO TEST_ITEM (ITEM, JOB_EXECUTION_ID) VALUES (1, @e)";
                insert.Parameters.Add(new SqliteParameter("e", execution.Id));
                await insert.ExecuteNonQueryAsync();
            }

            // Now the chunk holds the lock until its commit: another writer that will not wait is refused.
            elsewhere.Status = BatchStatus.Stopped;
            var blocked = async () => await other.UpdateJobExecutionAsync(elsewhere, CancellationToken.None);
            await blocked.Should().ThrowAsync<SqliteException>().Where(e => e.SqliteErrorCode == 5);

            step.Count(write: 1);
            step.ExecutionContext.Put("position", 1L);
            await chunk.CommitAsync(CancellationToken.None);
        }

        (await RepositoryBackend.ReadItemsAsync(provider)).Should().Equal(1L);
        var saved = (await other.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
        saved.WriteCount.Should().Be(1);
        saved.ExecutionContext.Get<long>("position").Should().Be(1);
    }

    /// <summary>Runs one command in a fresh process with a 10 s busy timeout and asserts that it succeeds (exit 0).</summary>
    private static async Task<string> CommandSucceedsAsync(Provider provider, params string[] command)
    {
        using var process = CrashHostProcess.Start("cli", provider, ["busy-ms=10000", "--", .. command]);
        var exitCode = await process.WaitAsync(ProcessLimit);
        exitCode.Should().Be(0, $"'{string.Join(' ', command)}' answers while the job runs; it said:\n{process.Output}");
        return process.Output;
    }

    private static async Task WaitForCommitsAsync(Batch.Repository.IJobRepository repository, long executionId, int commits)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if ((await repository.GetJobExecutionAsync(executionId, CancellationToken.None))!.StepExecutions is { Count: > 0 } steps && steps[0].CommitCount >= commits)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The job did not commit {commits} chunks within a minute.");
    }
}
