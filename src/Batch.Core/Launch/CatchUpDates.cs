using Batch.Repository;

namespace Batch.Launch;

/// <summary>Which business dates a catch-up run runs (see <see cref="JobOperator.CatchUpAsync(string, JobParameters?, CancellationToken)"/>), from the job repository's records.</summary>
internal static class CatchUpDates
{
    /// <summary>How many of the job's newest instances are looked at: more than a year of nightly runs.</summary>
    public const int InstancesLookedAt = 400;

    /// <summary>
    /// The dates up to <paramref name="today"/> not completed, in order: those of instances (with the same other identifying
    /// parameters) whose last execution did not complete, and every date after the last completed one — or only today when no date
    /// ever completed.
    /// </summary>
    public static async Task<IReadOnlyList<DateOnly>> FindAsync(
        IJobExplorer explorer, string jobName, string dateParameter, JobParameters others, DateOnly today, CancellationToken cancellationToken)
    {
        var otherKey = others.Identifying().ToJobKey();
        DateOnly? lastCompleted = null;
        var unfinished = new SortedSet<DateOnly>();
        foreach (var instance in await explorer.GetJobInstancesAsync(jobName, 0, InstancesLookedAt, cancellationToken).ConfigureAwait(false))
        {
            if (await explorer.GetLastJobExecutionAsync(instance, cancellationToken).ConfigureAwait(false) is not { } last
                || !last.JobParameters.TryGetValue(dateParameter, out var date) || date.Value is not DateOnly day)
            {
                continue;
            }

            var rest = new JobParametersBuilder(last.JobParameters).Remove(dateParameter).Build();
            if (rest.Identifying().ToJobKey() != otherKey || day > today)
            {
                continue;
            }

            if (last.Status == BatchStatus.Completed)
            {
                lastCompleted = lastCompleted is { } known && known >= day ? known : day;
            }
            else if (last.Status != BatchStatus.Abandoned)
            {
                unfinished.Add(day);
            }
        }

        var dates = new SortedSet<DateOnly>(unfinished);
        for (var day = lastCompleted?.AddDays(1) ?? today; day <= today; day = day.AddDays(1))
        {
            dates.Add(day);
        }

        return [.. dates];
    }
}
