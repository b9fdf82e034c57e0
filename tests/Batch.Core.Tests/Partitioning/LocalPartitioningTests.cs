using Batch.Core.Tests.Support;
using Batch.Jobs;
using Batch.Partitioning;
using Batch.Steps;

namespace Batch.Core.Tests.Partitioning;

public class LocalPartitioningTests : LauncherFixture
{
    [Test]
    public async Task Ten_partitions_with_two_failing_fail_the_manager_naming_them_and_the_restart_runs_exactly_those_two()
    {
        var numbers = new PartitionedNumbersJob { Poisoned = { 250, 777 } };
        var job = numbers.Build();

        var first = await RunAsync(job);
        numbers.Opens.Keys.Should().HaveCount(10);
        numbers.Opens.Clear();
        numbers.Poisoned.Clear();
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        var firstManager = first.StepExecutions.Single(s => s.StepName == "load");
        firstManager.ExitStatus.ExitDescription.Should().Contain("2 of 10 partitions of step 'load' failed: range2, range7");
        first.StepExecutions.Where(s => s.StepName != "load").Select(s => s.StepName).Should().BeEquivalentTo(Enumerable.Range(0, 10).Select(i => $"worker:range{i}"));
        firstManager.WriteCount.Should().Be(800 + 40 + 70, "eight whole ranges, and the chunks before the poisoned ones");
        firstManager.ReadCount.Should().Be(first.StepExecutions.Where(s => s.StepName != "load").Sum(s => s.ReadCount));

        second.Status.Should().Be(BatchStatus.Completed);
        numbers.Opens.Keys.Should().BeEquivalentTo(["worker:range2", "worker:range7"], "the eight completed partitions are not run again");
        second.StepExecutions.Select(s => s.StepName).Should().BeEquivalentTo(["load", "worker:range2", "worker:range7"]);
        var secondManager = second.StepExecutions.Single(s => s.StepName == "load");
        secondManager.ReadCount.Should().Be(60 + 30, "each rerun partition resumed from its own last committed chunk");
        secondManager.WriteCount.Should().Be(90);
        second.StepExecutions.Single(s => s.StepName == "worker:range2").ItemsConsumedBefore.Should().Be(40);
        numbers.Written.Should().BeEquivalentTo(Enumerable.Range(1, 1000), "every key is written exactly once over both runs");
    }

    [Test]
    public async Task A_restart_reruns_the_partitions_of_the_first_run_not_a_new_split()
    {
        var splits = 0;
        var failNext = true;
        var worker = new StepBuilder("worker")
            .Tasklet((ctx, _) => !failNext || ctx.ExecutionContext.GetString("name") != "b"
                ? ValueTask.FromResult(RepeatStatus.Finished)
                : throw new InvalidOperationException("b fails once"))
            .Build();
        var partitioner = new ListPartitioner("name", (_, _) =>
        {
            splits++;
            return ValueTask.FromResult<IEnumerable<string>>(splits == 1 ? ["a", "b"] : ["x", "y", "z"]);
        });
        var job = new JobBuilder("split-once").Start(new StepBuilder("load").Partitioner(partitioner).Step(worker).Build()).Build();

        var first = await RunAsync(job);
        failNext = false;
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Failed);
        second.Status.Should().Be(BatchStatus.Completed);
        splits.Should().Be(1);
        second.StepExecutions.Select(s => s.StepName).Should().BeEquivalentTo(["load", "worker:b"]);
    }

    [Test]
    public async Task No_more_partitions_than_the_grid_size_run_at_once_and_that_many_do()
    {
        const int grid = 3;
        var inside = 0;
        var most = 0;
        using var arrivals = new SemaphoreSlim(0);
        var releases = new SemaphoreSlim(0);
        var worker = new StepBuilder("worker")
            .Tasklet(async (_, ct) =>
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                arrivals.Release();
                await releases.WaitAsync(ct);
                Interlocked.Decrement(ref inside);
                return RepeatStatus.Finished;
            })
            .Build();
        var job = new JobBuilder("grid").Start(new StepBuilder("load").Partitioner(new KeyRangePartitioner(1, 8) { Ranges = 8 }).Step(worker).GridSize(grid).Build()).Build();

        var run = RunAsync(job);
        var entered = 0;
        for (var released = 0; released < 8; released++)
        {
            // release one partition only once the grid is full (or every remaining partition is inside)
            for (var expected = Math.Min(released + grid, 8); entered < expected; entered++)
            {
                (await arrivals.WaitAsync(TimeSpan.FromMinutes(2))).Should().BeTrue("partition {0} should have entered the grid", entered + 1);
            }

            releases.Release();
        }

        var execution = await run.WaitAsync(TimeSpan.FromSeconds(60));
        execution.Status.Should().Be(BatchStatus.Completed);
        most.Should().Be(grid);
        execution.StepExecutions.Should().HaveCount(9);
    }

    [Test]
    public async Task A_stopped_partitioned_step_ends_stopped_and_its_restart_completes_the_rest()
    {
        using var stop = new CancellationTokenSource();
        var runs = 0;
        var worker = new StepBuilder("worker")
            .Tasklet(async (_, ct) =>
            {
                if (Interlocked.Increment(ref runs) == 2)
                {
                    await stop.CancelAsync();
                }

                ct.ThrowIfCancellationRequested();
                return RepeatStatus.Finished;
            })
            .Build();
        var job = new JobBuilder("stoppable").Start(new StepBuilder("load").Partitioner(new KeyRangePartitioner(1, 6) { Ranges = 6 }).Step(worker).GridSize(1).Build()).Build();

        var first = await Launcher.RunAsync(job, JobParameters.Empty, stop.Token);
        var second = await RunAsync(job);

        first.Status.Should().Be(BatchStatus.Stopped);
        second.Status.Should().Be(BatchStatus.Completed);
        second.StepExecutions.Where(s => s.StepName != "load").Should().HaveCount(5, "the first partition completed before the stop");
    }

    [Test]
    public void A_job_finds_a_worker_step_inside_its_partitioned_step_by_name()
    {
        var job = new PartitionedNumbersJob().Build();

        job.FindStep("worker").Should().NotBeNull();
        job.FindStep("load").Should().BeOfType<PartitionStep>();
        job.FindStep("missing").Should().BeNull();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
