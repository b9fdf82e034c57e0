using Batch.Core.Tests.Support;
using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Batch.Core.Tests.Hosting;

public class RunBatchCommandLineTokenTests
{
    [Test]
    public async Task The_token_given_to_RunBatchCommandLineAsync_stops_the_job_at_a_chunk_boundary_with_the_stopped_exit_code()
    {
        using var cancellation = new CancellationTokenSource();
        var numbers = new NumbersJob(100, 10) { CancelAt = 35, Cancellation = cancellation };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.AddJob(numbers.Job));
        using var host = builder.Build();

        var code = await host.RunBatchCommandLineAsync(["run", "numbers"], cancellation.Token);

        code.Should().Be(BatchExitCodes.Stopped);
        numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 30), "the chunks before the cancelled one were committed, the cancelled one was not");
        var repository = host.Services.GetRequiredService<IJobRepository>();
        var instance = (await repository.GetJobInstancesAsync("numbers", 0, 1, CancellationToken.None)).Single();
        var execution = await repository.GetLastJobExecutionAsync(instance, CancellationToken.None);
        execution!.Status.Should().Be(BatchStatus.Stopped);
    }

    [Test]
    public async Task An_uncancelled_token_lets_the_job_complete()
    {
        using var cancellation = new CancellationTokenSource();
        var numbers = new NumbersJob(25, 10);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.AddJob(numbers.Job));
        using var host = builder.Build();

        var code = await host.RunBatchCommandLineAsync(["run", "numbers"], cancellation.Token);

        code.Should().Be(BatchExitCodes.Completed);
        numbers.Writer.Written.Should().HaveCount(25);
    }
}
