using System.Collections.Concurrent;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Launch;

namespace Batch.Infrastructure.Tests.Partitioning;

/// <summary>Local partitioning on every job repository: partitions run concurrently as step executions of one job execution.</summary>
[TestFixture(typeof(InMemoryBackend))]
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class LocalPartitioningOnRepositoriesTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private TBackend _backend = null!;

    [SetUp]
    public void SetUp() => _backend = new TBackend();

    [TearDown]
    public async Task TearDownAsync() => await _backend.DisposeAsync();

    [Test]
    public async Task Ten_partitions_with_two_failing_restart_exactly_those_two_from_their_checkpoints_with_exact_counts()
    {
        var repository = await _backend.OpenAsync();
        var (writer, written) = await _backend.ItemSinkAsync();
        var poisoned = new HashSet<int> { 250, 777 };
        var opened = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var job = PartitionedJob.Build(_ => writer, keys: 1000, ranges: 10, chunk: 10, remote: false, gridSize: 4, poisoned,
            onOpen: ctx => opened.AddOrUpdate(ctx.StepExecution.StepName, 1, (_, n) => n + 1));
        var launcher = new JobLauncher(repository);

        var first = await launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);
        var firstOpened = opened.Keys.ToList();
        opened.Clear();
        poisoned.Clear();
        var second = await launcher.RunAsync(job, JobParameters.Empty, CancellationToken.None);

        first.Status.Should().Be(BatchStatus.Failed);
        firstOpened.Should().HaveCount(10);
        var stored = (await repository.GetJobExecutionAsync(first.Id, CancellationToken.None))!;
        var firstManager = stored.StepExecutions.Single(s => s.StepName == PartitionedJob.ManagerStep);
        firstManager.Status.Should().Be(BatchStatus.Failed);
        firstManager.ExitStatus.ExitDescription.Should().Contain("2 of 10 partitions of step 'load' failed: range2, range7");
        firstManager.WriteCount.Should().Be(910);
        stored.StepExecutions.Where(s => s.StepName != PartitionedJob.ManagerStep).Should().HaveCount(10)
            .And.Subject.Count(s => s.Status == BatchStatus.Completed).Should().Be(8);

        second.Status.Should().Be(BatchStatus.Completed);
        opened.Keys.Should().BeEquivalentTo(["loadRange:range2", "loadRange:range7"], "the eight completed partitions are not run again");
        var restarted = (await repository.GetJobExecutionAsync(second.Id, CancellationToken.None))!;
        restarted.StepExecutions.Select(s => s.StepName).Should().BeEquivalentTo(["load", "loadRange:range2", "loadRange:range7"]);
        var secondManager = restarted.StepExecutions.Single(s => s.StepName == PartitionedJob.ManagerStep);
        secondManager.ReadCount.Should().Be(90);
        secondManager.WriteCount.Should().Be(90);
        (await written()).Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i), "every key is written exactly once over both runs");
    }
}
