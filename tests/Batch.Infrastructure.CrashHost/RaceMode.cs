using Batch.Items;
using Batch.Launch;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// Two processes (<c>me=a</c> and <c>me=b</c>, sharing the folder <c>barrier=…</c>) launch instance run=i of the "race" job
/// together, round after round. Nothing depends on the clock: before each round both wait at a barrier (a file each, in the
/// shared folder), then launch at once; the winner's job holds its only item until the other process has made its attempt
/// (the loser writes its file once refused), so the loser always finds the instance running, however the scheduler runs them.
/// </summary>
internal static class RaceMode
{
    /// <summary>How long a process waits for the other at a barrier before it gives up (generous: only a bug gets there).</summary>
    private static readonly TimeSpan BarrierLimit = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        var rounds = arguments.Int("rounds", 20);
        var folder = arguments.Require("barrier");
        var me = arguments.Require("me");
        var other = me == "a" ? "b" : "a";
        var round = -1;
        await using var repository = provider.CreateRepository();

        // One item, held (outside any transaction: a tasklet would hold SQLite's write lock all along) until the other
        // process has tried to launch the same instance.
        var numbers = new NumbersJob("race", 1, 1, new ListItemWriter<int>())
        {
            BeforeItemAsync = async (_, cancellationToken) =>
            {
                if (round >= 0)
                {
                    Mark(folder, "attempted", round, me);
                    await WaitForAsync(folder, "attempted", round, other, cancellationToken);
                }
            },
        };
        var launcher = new JobLauncher(repository);

        // Warm up the path (connection pool, JIT, EF Core's model) on an instance of this process's own.
        await launcher.RunAsync(numbers.Job, new JobParametersBuilder().AddLong("warm-up", Environment.ProcessId).Build(), CancellationToken.None);
        for (round = 0; round < rounds; round++)
        {
            Mark(folder, "ready", round, me);
            await WaitForAsync(folder, "ready", round, other, CancellationToken.None);
            var parameters = new JobParametersBuilder().AddLong("run", round).Build();
            string outcome;
            try
            {
                var execution = await launcher.RunAsync(numbers.Job, parameters, CancellationToken.None);
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
            finally
            {
                Mark(folder, "attempted", round, me);
            }

            Console.WriteLine($"round {round}: {outcome}");
        }

        return 0;
    }

    private static string PathOf(string folder, string what, int round, string who) => Path.Combine(folder, $"{what}-{round}-{who}");

    private static void Mark(string folder, string what, int round, string who)
    {
        var path = PathOf(folder, what, round, who);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, string.Empty);
        }
    }

    /// <summary>Waits until the other process has left its mark (a condition, polled; bounded only to turn a bug into a message).</summary>
    private static async Task WaitForAsync(string folder, string what, int round, string who, CancellationToken cancellationToken)
    {
        var path = PathOf(folder, what, round, who);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(BarrierLimit);
        while (!File.Exists(path))
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"Process '{who}' did not reach '{what}' of round {round} within {BarrierLimit.TotalMinutes} minutes.");
            }

            await Task.Delay(2, CancellationToken.None);
        }
    }
}
