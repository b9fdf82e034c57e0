namespace Batch.Infrastructure.Tests.Repository;

public sealed partial class JobRepositoryContractTests<TBackend>
{
    [Test]
    public async Task Executions_across_instances_and_jobs_come_newest_first_filtered_by_job_and_status_page_by_page()
    {
        var monday = new JobParametersBuilder().AddLong("day", 1).Build();
        var tuesday = new JobParametersBuilder().AddLong("day", 2).Build();
        var first = await LaunchAsync("load", monday);
        await EndAsync(first, BatchStatus.Failed);
        var other = await LaunchAsync("archive");
        await EndAsync(other, BatchStatus.Completed);
        var second = await LaunchAsync("load", tuesday);
        await EndAsync(second, BatchStatus.Completed);
        var restart = await LaunchAsync("load", monday); // an older instance restarted after a newer one ran: still the newest
        var none = CancellationToken.None;

        (await _repository.FindJobExecutionsAsync(JobExecutionQuery.All, 0, 10, none)).Select(e => e.Id)
            .Should().Equal(restart.Id, second.Id, other.Id, first.Id);
        var load = await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = "load" }, 0, 10, none);
        load.Select(e => (e.Id, e.Status)).Should().Equal((restart.Id, BatchStatus.Starting), (second.Id, BatchStatus.Completed), (first.Id, BatchStatus.Failed));
        load[0].JobParameters.Equals(monday).Should().BeTrue();
        load[1].JobInstance.Id.Should().Be(second.JobInstance.Id);
        load.Should().OnlyContain(e => e.StepExecutions.Count == 0);
        (await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = "load" }, 1, 1, none)).Select(e => e.Id).Should().Equal(second.Id);
        (await _repository.FindJobExecutionsAsync(new JobExecutionQuery { Status = BatchStatus.Completed }, 0, 10, none)).Select(e => e.Id)
            .Should().Equal(second.Id, other.Id);
        (await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = "load", Status = BatchStatus.Completed }, 0, 10, none)).Select(e => e.Id)
            .Should().Equal(second.Id);
        (await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = "none" }, 0, 10, none)).Should().BeEmpty();
        (await _repository.FindJobExecutionsAsync(JobExecutionQuery.All, 4, 10, none)).Should().BeEmpty();
        (await _repository.FindJobExecutionsAsync(JobExecutionQuery.All, 0, 0, none)).Should().BeEmpty();
    }

    [Test]
    public async Task A_large_page_of_executions_comes_whole_and_in_order()
    {
        var ids = new List<long>();
        for (var run = 0; run < 620; run++)
        {
            var execution = await LaunchAsync("many", new JobParametersBuilder().AddLong("run", run).Build());
            await EndAsync(execution, BatchStatus.Completed);
            ids.Add(execution.Id);
        }

        ids.Reverse();
        var page = await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = "many" }, 10, 600, CancellationToken.None);
        page.Select(e => e.Id).Should().Equal(ids.Skip(10).Take(600));
        page.Should().OnlyContain(e => e.JobParameters.Count == 1);
    }
}
