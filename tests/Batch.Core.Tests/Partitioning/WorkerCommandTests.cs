using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Launch;
using Batch.Partitioning;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Core.Tests.Partitioning;

public class WorkerCommandTests
{
    [Test]
    public async Task The_worker_command_without_remote_partitioning_is_a_usage_error_saying_how_to_register_it()
    {
        using var cli = new CommandLineHarness(s => s.AddBatch());

        var exitCode = await cli.RunAsync("worker");

        exitCode.Should().Be(BatchExitCodes.UsageError);
        cli.Err.ToString().Should().Contain("AddRemotePartitioning()").And.Contain("PostgreSQL");
    }

    [Test]
    public async Task The_worker_command_runs_partitions_until_stopped_and_says_how_many()
    {
        var queue = new InMemoryPartitionQueue();
        var numbers = new PartitionedNumbersJob();
        var job = numbers.Build(configure: b => b.Remote(o => o.PollInterval = TimeSpan.FromMilliseconds(20)));
        var services = new ServiceCollection();
        services.AddBatch(batch => batch.AddJob(job));
        services.AddSingleton<IPartitionQueue>(queue);
        services.AddSingleton(sp => new PartitionWorker(
            sp.GetRequiredService<IJobRegistry>(), sp.GetRequiredService<IJobRepository>(), queue,
            new PartitionWorkerOptions { WorkerId = "cli", PollInterval = TimeSpan.FromMilliseconds(50) }, services: sp));
        await using var provider = services.BuildServiceProvider();
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var worker = provider.GetRequiredService<BatchCommandLineRunner>().RunAsync(["worker"], output, error, stop.Token);
        var execution = await provider.GetRequiredService<IJobOperator>().StartAsync(job.Name, JobParameters.Empty, CancellationToken.None);
        await stop.CancelAsync();
        var exitCode = await worker.WaitAsync(FakeClock.Generous);

        execution.Status.Should().Be(BatchStatus.Completed);
        exitCode.Should().Be(BatchExitCodes.Completed);
        output.ToString().Should().Contain("Worker cli waiting for partitions (lease 30 s)").And.Contain("Worker cli stopped after 10 partitions.");
        numbers.Written.Should().BeEquivalentTo(Enumerable.Range(1, 1000));
    }
}
