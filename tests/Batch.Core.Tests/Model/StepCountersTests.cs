using System.Text.Json;
using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Batch.Core.Tests.Model;

/// <summary>A step's named counters: committed with their chunk, kept across a restart, and printed by <c>show</c>, its JSON and the step's end line.</summary>
public class StepCountersTests
{
    /// <summary>A job whose writer counts the even items of each chunk, then fails on <see cref="FailAt"/> (after counting).</summary>
    private sealed class EvensJob
    {
        public EvensJob() =>
            Job = new JobBuilder("evens")
                .Start(new StepBuilder("load")
                    .Chunk<int, int>(10)
                    .Reader(_ => new ListItemReader<int>(Enumerable.Range(1, 50).ToArray(), "numbers"))
                    .Writer(ctx => new CountingWriter(ctx.StepExecution, this))
                    .Build())
                .Build();

        public IJob Job { get; }

        public int FailAt { get; set; }

        private sealed class CountingWriter(StepExecution step, EvensJob job) : IItemWriter<int>
        {
            public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
            {
                var evens = 0;
                var poisoned = false;
                foreach (var item in chunk)
                {
                    evens += item % 2 == 0 ? 1 : 0;
                    poisoned |= item == job.FailAt;
                }

                StepCounters.Add(step, "load.evens", evens);
                return poisoned ? throw new InvalidOperationException($"Poisoned item {job.FailAt}") : ValueTask.CompletedTask;
            }
        }
    }

    [Test]
    public async Task A_counter_commits_with_its_chunk_so_a_rolled_back_chunk_is_not_counted_and_a_restart_goes_on_counting()
    {
        var repository = new InMemoryJobRepository();
        var logs = new LogCapture();
        var launcher = new JobLauncher(repository, loggerFactory: logs);
        var evens = new EvensJob { FailAt = 35 };

        var failed = await launcher.RunAsync(evens.Job, JobParameters.Empty, CancellationToken.None);
        failed.Status.Should().Be(BatchStatus.Failed);
        failed.StepExecutions.Single().Counters.Should().Equal(new Dictionary<string, long> { ["load.evens"] = 15 }, "chunks 1–30 committed; 31–40 rolled back");

        evens.FailAt = 0;
        var restarted = await launcher.RunAsync(evens.Job, JobParameters.Empty, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed);
        var step = restarted.StepExecutions.Single();
        step.Counters.Should().Equal(new Dictionary<string, long> { ["load.evens"] = 25 });
        step.ExecutionContext.GetLong(StepCounters.ContextKey("load.evens")).Should().Be(25);
        logs.In(BatchLogCategories.Step).Select(e => e.Message).Should().Contain(m => m.StartsWith("Step 'load' ended COMPLETED", StringComparison.Ordinal) && m.Contains(", load.evens 25, in ", StringComparison.Ordinal));
        logs.Dispose();
    }

    [Test]
    public async Task Show_prints_a_steps_counters_and_its_json_has_them_by_name()
    {
        var evens = new EvensJob();
        using var cli = new CommandLineHarness(services => services.AddBatch(batch => batch.AddJob(evens.Job)));
        (await cli.RunAsync("run", "evens")).Should().Be(BatchExitCodes.Completed, cli.Err.ToString());

        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("show", "1")).Should().Be(BatchExitCodes.Completed, cli.Err.ToString());
        cli.Out.ToString().Should().Contain("rollbacks 0, load.evens 25");

        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("show", "1", "--json")).Should().Be(BatchExitCodes.Completed, cli.Err.ToString());
        var step = JsonDocument.Parse(cli.Out.ToString()).RootElement.GetProperty("steps")[0];
        step.GetProperty("counters").GetProperty("load.evens").GetInt64().Should().Be(25);
    }

    [Test]
    public void Only_whole_numbers_under_the_prefix_are_counters()
    {
        var execution = new JobExecution(new JobInstance(1, "j", "k"), JobParameters.Empty, DateTimeOffset.UnixEpoch).CreateStepExecution("s");
        execution.ExecutionContext.Put("batch.counter.a", 3L);
        execution.ExecutionContext.Put("batch.counter.b", "not a number");
        execution.ExecutionContext.Put("other.c", 4L);
        execution.ExecutionContext.Put("batch.counter.", 5L);

        execution.Counters.Should().Equal(new Dictionary<string, long> { ["a"] = 3 });
        FluentActions.Invoking(() => StepCounters.ContextKey(" ")).Should().Throw<ArgumentException>();
    }
}
