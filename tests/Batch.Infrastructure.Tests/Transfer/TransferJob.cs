using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Tests.Transfer;

/// <summary>Runs a tasklet as the only step of a job, on the in-memory repository, and gives back its execution.</summary>
internal sealed class TransferJob : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public TransferJob(Func<StepContext, ITasklet> tasklet, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        _services = collection
            .AddBatch(b => b.AddJob(new JobBuilder("transfer").Start(new StepBuilder("copy").Tasklet(tasklet).Build()).Build()))
            .BuildServiceProvider();
    }

    public TransferJob(ITasklet tasklet)
        : this(_ => tasklet)
    {
    }

    public Task<JobExecution> StartAsync(string run = "1") =>
        _services.GetRequiredService<IJobOperator>().StartAsync("transfer", "run=" + run, CancellationToken.None);

    public Task<JobExecution> RestartAsync(long executionId) =>
        _services.GetRequiredService<IJobOperator>().RestartAsync(executionId, CancellationToken.None);

    public static StepExecution Step(JobExecution execution) => execution.StepExecutions.Single();

    public static Exception Failure(JobExecution execution)
    {
        execution.Status.Should().Be(BatchStatus.Failed);
        return Step(execution).FailureExceptions.Concat(execution.FailureExceptions).First();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
