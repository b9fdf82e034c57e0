using Batch.Core.Tests.Support;
using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Launch;

public class RecoverTests
{
    [Test]
    public async Task Recover_marks_executions_with_a_stale_heartbeat_failed_and_leaves_live_ones_running()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var repository = new InMemoryJobRepository(clock);
        var numbers = new NumbersJob(10, 5);
        var jobOperator = new JobOperator(new JobRegistry(numbers.Job), new JobLauncher(repository, clock), repository, clock);
        var dead = await StartedAsync(repository, "date:date=2026-11-21");
        clock.Advance(TimeSpan.FromMinutes(20));
        var live = await StartedAsync(repository, "date:date=2026-11-22");

        var recovered = await jobOperator.RecoverAsync(TimeSpan.FromMinutes(10), CancellationToken.None);

        recovered.Select(e => e.Id).Should().Equal(dead.Id);
        (await repository.GetJobExecutionAsync(dead.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Failed);
        (await repository.GetJobExecutionAsync(live.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);
        (await jobOperator.RestartAsync(dead.Id, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);
    }

    private static async Task<JobExecution> StartedAsync(InMemoryJobRepository repository, string parameters)
    {
        var execution = await repository.CreateJobExecutionAsync(new JobLaunchRequest("numbers", JobParameters.Parse(parameters)), CancellationToken.None);
        execution.Status = BatchStatus.Started;
        await repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        return execution;
    }
}
