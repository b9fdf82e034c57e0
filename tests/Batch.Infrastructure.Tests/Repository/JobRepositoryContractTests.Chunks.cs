using Batch.Infrastructure.Tests.Support;
namespace Batch.Infrastructure.Tests.Repository;

public sealed partial class JobRepositoryContractTests<TBackend>
{
    [Test]
    public async Task A_chunk_commit_saves_the_counters_and_the_changed_context_and_bumps_the_version()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);

        await using (var chunk = await _repository.BeginChunkAsync(step, CancellationToken.None))
        {
            step.Count(read: 10);
            step.Count(write: 9);
            step.Count(filter: 1);
            step.Count(commit: 1);
            step.ExecutionContext.Put("reader.position", 10L);
            await chunk.CommitAsync(CancellationToken.None);
        }

        step.Version.Should().Be(1);
        step.ExecutionContext.IsDirty.Should().BeFalse();
        var stored = await StoredStepAsync(execution);
        (stored.ReadCount, stored.WriteCount, stored.FilterCount, stored.CommitCount, stored.Version).Should().Be((10, 9, 1, 1, 1));
        stored.ExecutionContext.GetLong("reader.position").Should().Be(10);
    }

    [Test]
    public async Task A_chunk_commit_without_a_context_change_saves_the_counters_and_keeps_the_stored_context()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        step.ExecutionContext.Put("reader.position", 10L);
        await _repository.UpdateStepExecutionAsync(step, CancellationToken.None);

        await using (var chunk = await _repository.BeginChunkAsync(step, CancellationToken.None))
        {
            step.Count(commit: 7);
            await chunk.CommitAsync(CancellationToken.None);
        }

        var stored = await StoredStepAsync(execution);
        stored.CommitCount.Should().Be(7);
        stored.ExecutionContext.GetLong("reader.position").Should().Be(10);
    }

    [Test]
    public async Task A_rolled_back_chunk_saves_nothing()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);

        await using (var chunk = await _repository.BeginChunkAsync(step, CancellationToken.None))
        {
            step.Count(read: 10);
            step.ExecutionContext.Put("reader.position", 10L);
            await chunk.RollbackAsync(CancellationToken.None);
        }

        var stored = await StoredStepAsync(execution);
        stored.ReadCount.Should().Be(0);
        stored.Version.Should().Be(0);
        stored.ExecutionContext.ContainsKey("reader.position").Should().BeFalse();
    }

    [Test]
    public async Task A_chunk_commit_sets_TerminateOnly_when_another_process_asked_the_job_to_stop()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        await RequestStopThroughAnotherCopyAsync(execution);

        await using (var chunk = await _repository.BeginChunkAsync(step, CancellationToken.None))
        {
            step.Count(commit: 1);
            await chunk.CommitAsync(CancellationToken.None);
        }

        step.TerminateOnly.Should().BeTrue();
        (await StoredStepAsync(execution)).CommitCount.Should().Be(1);
    }

    [Test]
    public async Task A_chunk_commit_of_a_stale_step_execution_fails_and_saves_nothing()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        var other = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
        other.Status = BatchStatus.Failed;
        await _repository.UpdateStepExecutionAsync(other, CancellationToken.None);

        var chunk = await _repository.BeginChunkAsync(step, CancellationToken.None);
        step.Count(read: 10);
        step.ExecutionContext.Put("reader.position", 10L);
        var commit = async () => await chunk.CommitAsync(CancellationToken.None);

        await commit.Should().ThrowAsync<OptimisticLockingFailureException>();
        await chunk.RollbackAsync(CancellationToken.None);
        await chunk.DisposeAsync();
        var stored = await StoredStepAsync(execution);
        (stored.ReadCount, stored.Status).Should().Be((0, BatchStatus.Failed));
        stored.ExecutionContext.ContainsKey("reader.position").Should().BeFalse();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_chunk_commit_of_a_stale_step_execution_fails_even_when_the_job_is_stopping(bool inASession)
    {
        // SQLite's checkpoint matches only while the job is not stopping and tells the two apart afterwards: stale must win.
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        var other = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
        other.Status = BatchStatus.Failed;
        await _repository.UpdateStepExecutionAsync(other, CancellationToken.None);
        await RequestStopThroughAnotherCopyAsync(execution);
        await using var session = inASession ? await _repository.OpenChunkSessionAsync(step, CancellationToken.None) : null;

        var chunk = session is null ? await _repository.BeginChunkAsync(step, CancellationToken.None) : await session.BeginChunkAsync(CancellationToken.None);
        step.Count(commit: 1, read: 10);
        var commit = async () => await chunk.CommitAsync(CancellationToken.None);

        await commit.Should().ThrowAsync<OptimisticLockingFailureException>();
        await chunk.RollbackAsync(CancellationToken.None);
        await chunk.DisposeAsync();
        step.TerminateOnly.Should().BeFalse("a stale copy learns nothing from a checkpoint that did not match");
        var stored = await StoredStepAsync(execution);
        (stored.ReadCount, stored.CommitCount, stored.Status).Should().Be((0, 0, BatchStatus.Failed));
    }

    [Test]
    public async Task An_execution_context_round_trips_strings_numbers_decimals_dates_guids_nulls_and_lists_unchanged()
    {
        var execution = await LaunchAsync();
        var step = await AddStepAsync(execution);
        var guid = Guid.NewGuid();
        var values = new Dictionary<string, object?>
        {
            ["text"] = "ünïcode \"quoted\" \n line",
            ["int"] = 42,
            ["long"] = long.MinValue,
            ["double"] = 0.1 + 0.2,
            ["decimal"] = 79228162514264337593543950335m,
            ["date"] = new DateOnly(2026, 11, 22),
            ["time"] = new DateTimeOffset(2026, 11, 22, 10, 0, 0, 123, TimeSpan.FromHours(9)),
            ["instant"] = new DateTime(2026, 11, 22, 1, 2, 3, DateTimeKind.Utc),
            ["guid"] = guid,
            ["flag"] = true,
            ["nothing"] = null,
            ["list"] = new List<string> { "a", "b" },
            ["numbers"] = new[] { 1L, 2L, 3L },
            ["long text"] = new string('x', 6000),
        };
        foreach (var (key, value) in values)
        {
            step.ExecutionContext.Put(key, value);
            execution.ExecutionContext.Put(key, value);
        }

        await _repository.UpdateStepExecutionAsync(step, CancellationToken.None);
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;

        foreach (var context in new[] { stored.ExecutionContext, stored.StepExecutions.Single().ExecutionContext })
        {
            context.Keys.Should().BeEquivalentTo(values.Keys);
            foreach (var (key, value) in values)
            {
                var read = context.GetRaw(key);
                if (value is null)
                {
                    read.Should().BeNull();
                    continue;
                }

                read.Should().BeOfType(value.GetType(), because: $"'{key}' keeps its type");
                read.Should().BeEquivalentTo(value, o => o.WithStrictOrdering(), because: $"'{key}' keeps its value");
            }
        }
    }

    private async Task<StepExecution> StoredStepAsync(JobExecution execution) =>
        (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single();
}
