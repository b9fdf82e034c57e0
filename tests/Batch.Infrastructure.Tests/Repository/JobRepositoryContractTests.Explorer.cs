namespace Batch.Infrastructure.Tests.Repository;

public sealed partial class JobRepositoryContractTests<TBackend>
{
    [Test]
    public async Task The_explorer_lists_job_names_sorted_and_instances_newest_first_page_by_page()
    {
        var instances = new List<JobInstance>();
        for (var day = 1; day <= 5; day++)
        {
            instances.Add((await LaunchAsync("load", new JobParametersBuilder().AddLong("day", day).Build())).JobInstance);
        }

        await LaunchAsync("archive");

        (await _repository.GetJobNamesAsync(CancellationToken.None)).Should().Equal("archive", "load");
        var page = await _repository.GetJobInstancesAsync("load", 1, 2, CancellationToken.None);
        page.Select(i => i.Id).Should().Equal(instances[3].Id, instances[2].Id);
        (await _repository.GetJobInstancesAsync("none", 0, 10, CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task The_explorer_gives_an_instances_executions_newest_first_and_its_last_one()
    {
        var first = await LaunchAsync();
        await EndAsync(first, BatchStatus.Failed);
        var second = await LaunchAsync();
        await EndAsync(second, BatchStatus.Stopped);
        var third = await LaunchAsync();

        var executions = await _repository.GetJobExecutionsAsync(third.JobInstance, CancellationToken.None);
        var last = await _repository.GetLastJobExecutionAsync(third.JobInstance, CancellationToken.None);

        executions.Select(e => (e.Id, e.Status)).Should().Equal((third.Id, BatchStatus.Starting), (second.Id, BatchStatus.Stopped), (first.Id, BatchStatus.Failed));
        executions.Should().OnlyContain(e => e.StepExecutions.Count == 0 && e.JobParameters.Equals(Day));
        last!.Id.Should().Be(third.Id);
    }

    [Test]
    public async Task A_job_execution_comes_back_with_its_steps_in_start_order_and_their_contexts()
    {
        var execution = await LaunchAsync();
        var load = await AddStepAsync(execution, "load");
        var report = await AddStepAsync(execution, "report");
        load.ExecutionContext.Put("read.count", 5L);
        load.Status = BatchStatus.Completed;
        await _repository.UpdateStepExecutionAsync(load, CancellationToken.None);

        var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;

        stored.StepExecutions.Select(s => (s.Id, s.StepName)).Should().Equal((load.Id, "load"), (report.Id, "report"));
        stored.StepExecutions[0].Status.Should().Be(BatchStatus.Completed);
        stored.StepExecutions[0].ExecutionContext.GetLong("read.count").Should().Be(5);
        stored.StepExecutions[0].JobExecution.Should().BeSameAs(stored);
        (await _repository.GetJobExecutionAsync(execution.Id + 1000, CancellationToken.None)).Should().BeNull();
    }

    [Test]
    public async Task Running_executions_are_the_live_ones_of_the_job_only()
    {
        var failed = await LaunchAsync("load", new JobParametersBuilder().AddLong("day", 1).Build());
        await EndAsync(failed, BatchStatus.Failed);
        var started = await LaunchAsync("load", new JobParametersBuilder().AddLong("day", 2).Build());
        started.Status = BatchStatus.Started;
        await _repository.UpdateJobExecutionAsync(started, CancellationToken.None);
        var starting = await LaunchAsync("load", new JobParametersBuilder().AddLong("day", 3).Build());
        await LaunchAsync("other");

        var running = await _repository.GetRunningJobExecutionsAsync("load", CancellationToken.None);

        running.Select(e => e.Id).Should().BeEquivalentTo([started.Id, starting.Id]);
    }
}
