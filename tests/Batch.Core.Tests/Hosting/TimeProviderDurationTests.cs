using Batch.Core.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Hosting;

public class TimeProviderDurationTests
{
    [Test]
    public async Task The_logged_job_and_step_durations_and_the_recorded_times_come_from_the_injected_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var logs = new LogCapture();
        var repository = new InMemoryJobRepository(clock);
        var job = new JobBuilder("slow")
            .Start(new StepBuilder("wait").Tasklet((_, _) =>
            {
                clock.Advance(TimeSpan.FromMinutes(90)); // "takes" an hour and a half, in no real time
                return ValueTask.FromResult(RepeatStatus.Finished);
            }).Build())
            .Build();

        var execution = await new JobLauncher(repository, clock, logs).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        (execution.EndTime - execution.StartTime).Should().Be(TimeSpan.FromMinutes(90));
        var step = execution.StepExecutions.Single();
        (step.EndTime - step.StartTime).Should().Be(TimeSpan.FromMinutes(90));
        logs.In("Batch.Step").Should().ContainSingle(e => e.Message.Contains("ended COMPLETED")).Which.Message.Should().EndWith("in 01:30:00");
        logs.In("Batch.Job").Should().ContainSingle(e => e.Message.Contains("ended COMPLETED")).Which.Message.Should().EndWith("in 01:30:00");
    }
}
