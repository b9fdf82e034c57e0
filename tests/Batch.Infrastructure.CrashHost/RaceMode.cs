using System.Diagnostics;
using Batch.Items;
using Batch.Launch;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// Launches instance run=i of the "race" job at agreed wall-clock instants, so that two processes started
/// with the same <c>start</c> launch each instance at the same moment. The job holds its only item for a while
/// so the loser finds it running.
/// </summary>
internal static class RaceMode
{
    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        var rounds = arguments.Int("rounds", 20);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(arguments.Long("start", 0));
        var interval = TimeSpan.FromMilliseconds(arguments.Int("interval-ms", 300));
        var hold = TimeSpan.FromMilliseconds(arguments.Int("hold-ms", 150));
        await using var repository = provider.CreateRepository();
        // One item processed slowly, outside any transaction (a tasklet would hold SQLite's write lock all along).
        var job = new NumbersJob("race", 1, 1, new ListItemWriter<int>()) { DelayPerItem = hold }.Job;
        var launcher = new JobLauncher(repository);

        // Warm up the whole path (connection pool, JIT, EF Core's model) on an instance of this process's own,
        // so that every round starts on time and lasts about hold-ms.
        await launcher.RunAsync(job, new JobParametersBuilder().AddLong("warm-up", Environment.ProcessId).Build(), CancellationToken.None);
        for (var round = 0; round < rounds; round++)
        {
            await WaitUntilAsync(start + (interval * round));
            var parameters = new JobParametersBuilder().AddLong("run", round).Build();
            string outcome;
            try
            {
                var execution = await launcher.RunAsync(job, parameters, CancellationToken.None);
                outcome = "ran " + execution.Status.ToCode();
            }
            catch (JobExecutionAlreadyRunningException)
            {
                outcome = "running";
            }
            catch (JobInstanceAlreadyCompleteException)
            {
                outcome = "complete";
            }

            Console.WriteLine($"round {round}: {outcome}");
        }

        return 0;
    }

    private static async Task WaitUntilAsync(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.FromMilliseconds(20))
        {
            await Task.Delay(wait - TimeSpan.FromMilliseconds(15));
        }

        var spin = Stopwatch.StartNew();
        while (DateTimeOffset.UtcNow < instant && spin.Elapsed < TimeSpan.FromSeconds(1))
        {
            Thread.SpinWait(50);
        }
    }
}
