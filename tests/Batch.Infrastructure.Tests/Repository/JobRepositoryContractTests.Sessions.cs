using Batch.Infrastructure.Tests.Support;
using System.Data.Common;

namespace Batch.Infrastructure.Tests.Repository;

public sealed partial class JobRepositoryContractTests<TBackend>
{
    [Test]
    public async Task Chunks_of_a_session_commit_one_after_another_and_each_saves_the_counters_and_the_changed_context()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);

        await using (var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None))
        {
            for (var n = 1; n <= 3; n++)
            {
                await using var chunk = await session.BeginChunkAsync(CancellationToken.None);
                step.Count(read: step.ReadCount + 10);
                step.Count(write: step.WriteCount + 10);
                step.Count(commit: step.CommitCount + 1);
                step.ExecutionContext.Put("reader.position", n * 10L);
                await chunk.CommitAsync(CancellationToken.None);
            }
        }

        step.Version.Should().Be(3);
        var stored = await StoredStepAsync(execution);
        (stored.ReadCount, stored.WriteCount, stored.CommitCount, stored.Version).Should().Be((30, 30, 3, 3));
        stored.ExecutionContext.GetLong("reader.position").Should().Be(30);
    }

    [Test]
    public async Task A_session_hands_every_chunk_the_same_open_connection_so_writers_can_keep_prepared_commands()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        var connections = new List<DbConnection?>();

        await using (var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None))
        {
            for (var n = 0; n < 3; n++)
            {
                await using var chunk = await session.BeginChunkAsync(CancellationToken.None);
                connections.Add(chunk.Connection);
                step.Count(commit: step.CommitCount + 1);
                await chunk.CommitAsync(CancellationToken.None);
            }
        }

        connections.Distinct().Should().ContainSingle("a session keeps one connection for the whole step");
        if (_backend.IsDatabase)
        {
            connections[0].Should().NotBeNull();
        }
    }

    [Test]
    public async Task A_rolled_back_chunk_in_a_session_saves_nothing_and_the_next_chunk_commits()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);

        await using (var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None))
        {
            await using (var failed = await session.BeginChunkAsync(CancellationToken.None))
            {
                step.Count(read: 10);
                step.ExecutionContext.Put("reader.position", 10L);
                await failed.RollbackAsync(CancellationToken.None);
            }

            step.Count(read: 0);
            step.ExecutionContext.Remove("reader.position");
            step.ExecutionContext.ClearDirty();
            (await StoredStepAsync(execution)).ReadCount.Should().Be(0);

            await using var next = await session.BeginChunkAsync(CancellationToken.None);
            step.Count(read: 5);
            step.ExecutionContext.Put("reader.position", 5L);
            await next.CommitAsync(CancellationToken.None);
        }

        var stored = await StoredStepAsync(execution);
        stored.ReadCount.Should().Be(5);
        stored.ExecutionContext.GetLong("reader.position").Should().Be(5);
    }

    [Test]
    public async Task A_chunk_commit_in_a_session_sees_a_stop_requested_by_another_process()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);

        await using (var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None))
        {
            await CommitOneChunkAsync(session, step);

            step.TerminateOnly.Should().BeFalse();
            await RequestStopThroughAnotherCopyAsync(execution);

            await using var second = await session.BeginChunkAsync(CancellationToken.None);
            step.Count(commit: 2);
            await second.CommitAsync(CancellationToken.None);
        }

        step.TerminateOnly.Should().BeTrue();
        (await StoredStepAsync(execution)).CommitCount.Should().Be(2);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_stale_chunk_commit_in_a_session_fails_and_commits_neither_the_writers_rows_nor_the_checkpoint(bool contextChanged)
    {
        // PostgreSQL sends the checkpoint and the COMMIT in one round trip: a stale checkpoint must stop the COMMIT behind it.
        var (_, written) = _backend.IsDatabase ? await _backend.ItemSinkAsync() : (null, null);
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);

        await using (var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None))
        {
            await CommitOneChunkAsync(session, step);

            var other = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
            other.Status = BatchStatus.Failed;
            await _repository.UpdateStepExecutionAsync(other, CancellationToken.None);

            await using var chunk = await session.BeginChunkAsync(CancellationToken.None);
            if (chunk.Connection is { } connection)
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = chunk.Transaction;
                insert.CommandText = $"INSERT INTO TEST_ITEM (ITEM, JOB_EXECUTION_ID) VALUES (7, {execution.Id})";
                await insert.ExecuteNonQueryAsync();
            }

            step.Count(read: 10);
            if (contextChanged)
            {
                step.ExecutionContext.Put("reader.position", 10L);
            }

            var commit = async () => await chunk.CommitAsync(CancellationToken.None);

            await commit.Should().ThrowAsync<OptimisticLockingFailureException>();
            await chunk.RollbackAsync(CancellationToken.None);
        }

        var stored = await StoredStepAsync(execution);
        (stored.ReadCount, stored.CommitCount, stored.Status).Should().Be((0, 1, BatchStatus.Failed));
        stored.ExecutionContext.ContainsKey("reader.position").Should().BeFalse();
        if (written is not null)
        {
            (await written()).Should().BeEmpty("the chunk's rows commit only with its checkpoint");
        }
    }

    [Test]
    public async Task A_session_whose_connection_was_closed_by_a_writer_opens_a_new_one_at_the_next_chunk()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);

        await using (var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None))
        {
            await using (var first = await session.BeginChunkAsync(CancellationToken.None))
            {
                step.Count(commit: 1);
                await first.CommitAsync(CancellationToken.None);
                if (first.Connection is { } connection)
                {
                    await connection.CloseAsync();
                }
                else
                {
                    _backend.IsDatabase.Should().BeFalse("only the in-memory repository has no connection");
                }
            }

            await using var second = await session.BeginChunkAsync(CancellationToken.None);
            second.Connection?.State.Should().Be(System.Data.ConnectionState.Open);
            step.Count(commit: 2);
            step.ExecutionContext.Put("reader.position", 20L);
            await second.CommitAsync(CancellationToken.None);
        }

        var stored = await StoredStepAsync(execution);
        (stored.CommitCount, stored.Version).Should().Be((2, 2));
        stored.ExecutionContext.GetLong("reader.position").Should().Be(20);
    }

    /// <summary>Commits one chunk of the session that counts one commit.</summary>
    private static async Task CommitOneChunkAsync(Batch.Repository.IChunkSession session, StepExecution step)
    {
        await using var chunk = await session.BeginChunkAsync(CancellationToken.None);
        step.Count(commit: step.CommitCount + 1);
        await chunk.CommitAsync(CancellationToken.None);
    }
}
