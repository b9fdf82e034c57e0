using Microsoft.Extensions.Hosting;

namespace Batch.Scheduling;

/// <summary>Runs the <see cref="JobScheduler"/> for the host's lifetime (<c>batch.AddHostedScheduler()</c>): from its start until it stops.</summary>
internal sealed class JobSchedulerHostedService(JobScheduler scheduler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
