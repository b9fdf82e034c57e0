using Batch.Hosting;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Listeners;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Core.Tests.Hosting;

public class DependencyInjectionListenerTests
{
    [Test]
    public async Task Listeners_registered_in_the_services_are_called_outside_a_jobs_and_steps_own_listeners()
    {
        var calls = new List<string>();
        var step = new StepBuilder("load")
            .Chunk<int>(2)
            .Reader(_ => new ListItemReader<int>([1]))
            .Writer(new ListItemWriter<int>())
            .Listener(new Recorder("own", calls))
            .Build();
        var job = new JobBuilder("listened").Listener(new Recorder("own", calls)).Start(step).Build();
        await using var services = new ServiceCollection()
            .AddBatch(batch => batch.AddListener(new Recorder("di", calls)).AddJob(job))
            .BuildServiceProvider();

        var execution = await services.GetRequiredService<IJobOperator>().StartAsync("listened", JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        calls.Should().Equal(
            "di.beforeJob", "own.beforeJob",
            "di.beforeStep", "own.beforeStep",
            "di.beforeChunk", "own.beforeChunk", "own.afterChunk", "di.afterChunk",
            "own.afterStep:COMPLETED", "di.afterStep:COMPLETED",
            "own.afterJob:COMPLETED", "di.afterJob:COMPLETED");
    }

    [Test]
    public async Task A_listener_registered_as_a_plain_service_is_called_by_every_job_tasklet_and_fault_tolerant_steps_included()
    {
        var calls = new List<string>();
        var recorder = new Recorder("di", calls);
        var tasklet = new JobBuilder("tasklet")
            .Start(new StepBuilder("once").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
            .Build();
        var tolerant = new JobBuilder("tolerant")
            .Start(new StepBuilder("load").Chunk<int>(5).Reader(_ => new ListItemReader<int>([1])).Writer(new ListItemWriter<int>())
                .FaultTolerant().Skip<FormatException>().SkipLimit(1).Build())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IJobExecutionListener>(recorder);
        services.AddSingleton<IStepExecutionListener>(recorder);
        services.AddSingleton<IChunkListener>(recorder);
        await using var provider = services.AddBatch(batch => batch.AddJob(tasklet).AddJob(tolerant)).BuildServiceProvider();
        var jobOperator = provider.GetRequiredService<IJobOperator>();

        await jobOperator.StartAsync("tasklet", JobParameters.Empty, CancellationToken.None);
        await jobOperator.StartAsync("tolerant", JobParameters.Empty, CancellationToken.None);

        var oneJob = new[]
        {
            "di.beforeJob", "di.beforeStep", "di.beforeChunk", "di.afterChunk", "di.afterStep:COMPLETED", "di.afterJob:COMPLETED",
        };
        calls.Should().Equal([.. oneJob, .. oneJob]);
    }

    [Test]
    public async Task A_listener_added_twice_by_type_or_by_instance_is_called_once()
    {
        var instance = new Recorder("instance", []);
        await using var services = new ServiceCollection()
            .AddBatch(batch => batch.AddListener<CountingListener>().AddListener<CountingListener>().AddListener(instance).AddListener(instance))
            .BuildServiceProvider();

        var runtime = ((JobLauncher)services.GetRequiredService<IJobLauncher>()).Runtime;

        runtime.JobListeners.Should().HaveCount(2).And.ContainSingle(l => l is CountingListener).And.ContainSingle(l => ReferenceEquals(l, instance));
        runtime.StepListeners.Should().ContainSingle().Which.Should().BeSameAs(instance);
        runtime.ChunkListeners.Should().HaveCount(2);
        runtime.ChunkListeners.OfType<CountingListener>().Single().Should().BeSameAs(runtime.JobListeners.OfType<CountingListener>().Single(),
            "one singleton serves every interface of a listener type");
    }

    [Test]
    public void A_type_that_is_not_a_job_step_or_chunk_listener_is_refused_with_a_message_saying_where_it_belongs()
    {
        var add = () => new ServiceCollection().AddBatch(batch => batch.AddListener(new ReadOnlyListener()));

        add.Should().Throw<ArgumentException>()
            .WithMessage("*ReadOnlyListener implements none of IJobExecutionListener, IStepExecutionListener and IChunkListener*.Listener(...)*");
    }

    private sealed class ReadOnlyListener : IItemReadListener<int>;

    private sealed class CountingListener : IJobExecutionListener, IChunkListener;

    private sealed class Recorder(string name, List<string> calls) : IJobExecutionListener, IStepExecutionListener, IChunkListener
    {
        public ValueTask BeforeJobAsync(JobExecution jobExecution, CancellationToken cancellationToken) => Add("beforeJob");

        public ValueTask AfterJobAsync(JobExecution jobExecution, CancellationToken cancellationToken) => Add($"afterJob:{jobExecution.Status.ToCode()}");

        public ValueTask BeforeStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add("beforeStep");

        public ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add($"afterStep:{stepExecution.Status.ToCode()}");

        public ValueTask BeforeChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add("beforeChunk");

        public ValueTask AfterChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) => Add("afterChunk");

        private ValueTask Add(string call)
        {
            calls.Add($"{name}.{call}");
            return ValueTask.CompletedTask;
        }
    }
}
