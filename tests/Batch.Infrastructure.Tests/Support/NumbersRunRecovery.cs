using Batch.Infrastructure.CrashHost;
using Batch.Launch;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Support;

/// <summary>What the crash tests do between kills of the crash host's numbers job: an operator's recovery, and whether a run completed.</summary>
internal static class NumbersRunRecovery
{
    /// <summary>What an operator does after a crash: the execution left STARTED by the dead process is marked FAILED, so it can restart.</summary>
    public static async Task MarkDeadExecutionsFailedAsync(IJobRepository repository)
    {
        var jobOperator = new JobOperator(new JobRegistry(), new JobLauncher(repository), repository);
        foreach (var dead in await repository.GetRunningJobExecutionsAsync(RunMode.JobName, CancellationToken.None))
        {
            await jobOperator.MarkEndedAsync(dead.Id, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);
        }
    }

    /// <summary>Whether the last execution of the numbers job's instance with <c>run=<paramref name="run"/></c> completed.</summary>
    public static async Task<bool> IsCompleteAsync(IJobRepository repository, int run)
    {
        var parameters = new JobParametersBuilder().AddLong("run", run).Build();
        var instance = await repository.GetJobInstanceAsync(RunMode.JobName, parameters, CancellationToken.None);
        var last = instance is null ? null : await repository.GetLastJobExecutionAsync(instance, CancellationToken.None);
        return last?.Status == BatchStatus.Completed;
    }
}
