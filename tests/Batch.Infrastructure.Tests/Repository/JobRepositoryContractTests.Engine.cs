using Batch.Infrastructure.CrashHost;
using Batch.Launch;

namespace Batch.Infrastructure.Tests.Repository;

public sealed partial class JobRepositoryContractTests<TBackend>
{
    [Test]
    public async Task The_engine_restarts_a_failure_at_item_537_with_chunks_of_100_from_item_501_losing_and_duplicating_nothing()
    {
        var (writer, written) = await _backend.ItemSinkAsync();
        var launcher = new JobLauncher(_repository);
        var parameters = new JobParametersBuilder().AddLong("run", 1).Build();
        var failing = new NumbersJob("numbers", 1000, 100, writer) { FailAt = 537 };

        var first = await launcher.RunAsync(failing.Job, parameters, CancellationToken.None);

        first.Status.Should().Be(BatchStatus.Failed);
        (await written()).Should().Equal(Enumerable.Range(1, 500).Select(i => (long)i));
        var restarted = new NumbersJob("numbers", 1000, 100, writer);
        var second = await launcher.RunAsync(restarted.Job, parameters, CancellationToken.None);

        second.Status.Should().Be(BatchStatus.Completed);
        restarted.FirstItem.Should().Be(501);
        (await written()).Should().Equal(Enumerable.Range(1, 1000).Select(i => (long)i));
        var step = (await _repository.GetJobExecutionAsync(second.Id, CancellationToken.None))!.StepExecutions.Single();
        (step.ReadCount, step.WriteCount, step.CommitCount, step.Status).Should().Be((500, 500, 5, BatchStatus.Completed), "the restart did the last five chunks");
    }

    [Test]
    public async Task A_stop_requested_through_another_copy_ends_the_running_job_STOPPED_at_a_chunk_boundary_and_a_restart_completes_it()
    {
        var (writer, written) = await _backend.ItemSinkAsync();
        var launcher = new JobLauncher(_repository);
        var parameters = new JobParametersBuilder().AddLong("run", 1).Build();
        var other = await _backend.OpenAsync();
        var stopRequested = new TaskCompletionSource();
        using var stopDone = new ManualResetEventSlim();
        var job = new NumbersJob("numbers", 400, 10, writer);
        job.OnItem = item =>
        {
            if (item == 105)
            {
                // the job waits in the middle of chunk 101-110 until the operator asked it to stop
                stopRequested.TrySetResult();
                stopDone.Wait(TimeSpan.FromSeconds(30));
            }
        };

        var run = Task.Run(async () => await launcher.RunAsync(job.Job, parameters, CancellationToken.None));
        await stopRequested.Task.WaitAsync(TimeSpan.FromMinutes(3));
        var live = (await other.GetRunningJobExecutionsAsync("numbers", CancellationToken.None)).Single();
        var jobOperator = new JobOperator(new JobRegistry(), launcher, other);
        await jobOperator.StopAsync(live.Id, CancellationToken.None);
        stopDone.Set();
        var stopped = await run.WaitAsync(TimeSpan.FromMinutes(3));

        stopped.Status.Should().Be(BatchStatus.Stopped);
        (await written()).Should().Equal(Enumerable.Range(1, 110).Select(i => (long)i), "the chunk in progress commits, then the step stops");
        var restart = await launcher.RunAsync(new NumbersJob("numbers", 400, 10, writer).Job, parameters, CancellationToken.None);
        restart.Status.Should().Be(BatchStatus.Completed);
        (await written()).Should().Equal(Enumerable.Range(1, 400).Select(i => (long)i));
    }

    [Test]
    public async Task Of_ten_simultaneous_launches_of_one_instance_through_separate_copies_exactly_one_runs()
    {
        var repositories = new List<Batch.Repository.IJobRepository>();
        for (var i = 0; i < 10; i++)
        {
            repositories.Add(await _backend.OpenAsync());
        }

        var launches = repositories.Select(r => Task.Run(async () =>
        {
            try
            {
                await r.CreateJobExecutionAsync(new Batch.Repository.JobLaunchRequest("job", Day), CancellationToken.None);
                return "ran";
            }
            catch (JobExecutionAlreadyRunningException)
            {
                return "running";
            }
        }));

        var outcomes = await Task.WhenAll(launches);

        outcomes.Count(o => o == "ran").Should().Be(1);
        outcomes.Count(o => o == "running").Should().Be(9);
        var instance = (await _repository.GetJobInstanceAsync("job", Day, CancellationToken.None))!;
        (await _repository.GetJobExecutionsAsync(instance, CancellationToken.None)).Should().ContainSingle();
    }
}
