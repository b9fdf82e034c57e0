using Batch.Dashboard.Progress;

namespace Batch.Dashboard.Tests;

/// <summary>The projection of a running step's end, from its committed counts and the history of the same step (fixed instants, no clock).</summary>
[TestFixture]
public sealed class ProgressEstimatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 2, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_step_with_committed_items_projects_its_end_from_its_own_rate_and_the_size_of_the_last_run()
    {
        var step = Running(read: 250);
        var history = new StepHistorySample(Runs: 2, NewestItems: 1000, Items: 2000, Seconds: 400, AverageDuration: TimeSpan.FromSeconds(200));
        var view = ProgressEstimator.Estimate(step, history, Start.AddSeconds(100));
        view.ItemsDone.Should().Be(250);
        view.ExpectedItems.Should().Be(1000);
        view.Percent.Should().Be(25.0);
        view.ItemsPerSecond.Should().Be(2.5);
        view.Eta.Should().Be(Start.AddSeconds(100 + 750 / 2.5));
        view.Basis.Should().Be("2 earlier completed runs of this step");
    }

    [Test]
    public void Before_its_first_commit_a_step_projects_from_the_rate_of_earlier_runs()
    {
        var step = Running(read: 0);
        var history = new StepHistorySample(1, 1000, 1000, 100, TimeSpan.FromSeconds(100));
        var view = ProgressEstimator.Estimate(step, history, Start.AddSeconds(5));
        view.ItemsPerSecond.Should().Be(10);
        view.RateText.Should().Contain("(earlier runs)");
        view.Eta.Should().Be(Start.AddSeconds(5 + 100));
    }

    [Test]
    public void A_step_of_this_process_that_knows_its_total_is_projected_from_it_not_from_history()
    {
        var view = ProgressEstimator.Estimate(Running(read: 40), StepHistorySample.None, Start.AddSeconds(10), knownTotal: 400);
        view.ExpectedItems.Should().Be(400);
        view.Percent.Should().Be(10.0);
        view.Eta.Should().Be(Start.AddSeconds(10 + 360 / 4.0));
        view.Basis.Should().Be("the step's own total");
    }

    [Test]
    public void Without_history_the_end_is_unknown_and_said_so()
    {
        var view = ProgressEstimator.Estimate(Running(read: 40), StepHistorySample.None, Start.AddSeconds(10));
        view.ExpectedItems.Should().BeNull();
        view.Eta.Should().BeNull();
        view.EtaText.Should().Be("unknown (no earlier completed run of this step)");
        view.ItemsPerSecond.Should().Be(4);
    }

    [Test]
    public void A_step_past_the_size_of_the_last_run_is_not_given_a_past_end()
    {
        var view = ProgressEstimator.Estimate(Running(read: 1200), new StepHistorySample(1, 1000, 1000, 100, TimeSpan.FromSeconds(100)), Start.AddSeconds(60));
        view.Percent.Should().Be(100);
        view.Eta.Should().BeNull();
        view.EtaText.Should().StartWith("any moment");
    }

    private static StepExecution Running(long read)
    {
        var job = new JobExecution(new JobInstance(1, "job", "key"), JobParameters.Empty, Start);
        var step = job.CreateStepExecution("load");
        step.Status = BatchStatus.Started;
        step.StartTime = Start;
        PersistedState.SetCounts(step, read, read, 0, read / 10, 0, 0, 0, 0);
        return step;
    }
}
