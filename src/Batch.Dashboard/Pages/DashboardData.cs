using Batch.Dashboard.Progress;

namespace Batch.Dashboard.Pages;

/// <summary>The reads the pages share. Each is a fixed number of explorer calls per job, never a read of the whole history.</summary>
internal static class DashboardData
{
    /// <summary>The registered jobs and the jobs with history, sorted.</summary>
    public static async ValueTask<IReadOnlyList<string>> JobNamesAsync(DashboardRequest request)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(await request.Explorer.GetJobNamesAsync(request.Aborted).ConfigureAwait(false));
        if (request.Registry is { } registry)
        {
            names.UnionWith(registry.JobNames);
        }

        return [.. names];
    }

    /// <summary>The running executions of every job, newest first, loaded with their steps.</summary>
    public static async ValueTask<List<JobExecution>> RunningAsync(DashboardRequest request, IReadOnlyList<string> jobs)
    {
        var running = new List<JobExecution>();
        foreach (var job in jobs)
        {
            foreach (var execution in await request.Explorer.GetRunningJobExecutionsAsync(job, request.Aborted).ConfigureAwait(false))
            {
                if (await request.Explorer.GetJobExecutionAsync(execution.Id, request.Aborted).ConfigureAwait(false) is { } loaded)
                {
                    running.Add(loaded);
                }
            }
        }

        running.Sort((a, b) => b.Id.CompareTo(a.Id));
        return running;
    }

    /// <summary>The progress of every running step of <paramref name="executions"/>.</summary>
    public static async ValueTask<List<StepProgressView>> ProgressAsync(DashboardRequest request, IEnumerable<JobExecution> executions)
    {
        var estimator = request.CreateEstimator();
        var views = new List<StepProgressView>();
        foreach (var execution in executions)
        {
            if (execution.IsRunning)
            {
                views.AddRange(await estimator.EstimateAsync(execution, request.Aborted).ConfigureAwait(false));
            }
        }

        return views;
    }

    /// <summary>The progress of every running step of every job.</summary>
    public static async ValueTask<List<StepProgressView>> AllProgressAsync(DashboardRequest request) =>
        await ProgressAsync(request, await RunningAsync(request, await JobNamesAsync(request).ConfigureAwait(false)).ConfigureAwait(false)).ConfigureAwait(false);
}
