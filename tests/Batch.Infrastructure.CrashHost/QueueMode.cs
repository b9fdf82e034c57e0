using Batch.Hosting;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// A launch of instance <c>run=&lt;id&gt;</c> of the "gpu-job" job, in launch group "gpu" (one slot), that waits for a free slot
/// (<see cref="LaunchOptions.WaitForSlot"/>) polling every <c>poll-ms</c>, with waiting tickets stale after <c>stale-ms</c>. Once it runs it
/// prints "running &lt;id&gt;" and holds until the file <c>release=…</c> exists (the test kills it, or releases it). Exits 0 when the job
/// completed, 4 when refused.
/// </summary>
internal static class QueueMode
{
    public const string JobName = "gpu-job";

    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        var run = arguments.Require("run");
        var release = arguments.Require("release");
        var options = new BatchOptions
        {
            LaunchPollInterval = TimeSpan.FromMilliseconds(arguments.Int("poll-ms", 1000)),
            LaunchWaitingTicketStaleAfter = TimeSpan.FromMilliseconds(arguments.Int("stale-ms", 60_000)),
        };
        var job = new JobBuilder(JobName).LaunchGroup("gpu", maxLive: 1)
            .Start(new StepBuilder("work").Tasklet(async (_, cancellationToken) =>
            {
                Console.WriteLine("running " + run);
                Console.Out.Flush();
                while (!File.Exists(release))
                {
                    await Task.Delay(5, cancellationToken);
                }

                return RepeatStatus.Finished;
            }).Build())
            .Build();
        await using var repository = provider.CreateRepository();
        try
        {
            var execution = await new JobLauncher(repository, options: options)
                .RunAsync(job, JobParameters.Parse("run=" + run), LaunchOptions.WaitForSlot(), CancellationToken.None);
            return BatchExitCodes.ForStatus(execution.Status);
        }
        catch (JobExecutionAlreadyRunningException refused)
        {
            Console.WriteLine("refused: " + refused.Message);
            return BatchExitCodes.Refused;
        }
    }
}
